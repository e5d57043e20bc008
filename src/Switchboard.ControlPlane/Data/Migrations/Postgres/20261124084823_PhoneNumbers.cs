using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.ControlPlane.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PhoneNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "phone_numbers",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    organization_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    nickname = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    sip_trunk_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    inbound_agents = table.Column<string>(type: "text", nullable: false),
                    inbound_ivr_menu_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    inbound_webhook_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    outbound_allowed_countries = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_phone_numbers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sip_trunks",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    organization_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    transport = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    username = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    password_protected = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    register = table.Column<bool>(type: "boolean", nullable: false),
                    register_expires_seconds = table.Column<int>(type: "integer", nullable: false),
                    outbound_caller_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sip_trunks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_phone_numbers_number",
                table: "phone_numbers",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_phone_numbers_organization_id_created_at",
                table: "phone_numbers",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_phone_numbers_sip_trunk_id",
                table: "phone_numbers",
                column: "sip_trunk_id");

            migrationBuilder.CreateIndex(
                name: "IX_sip_trunks_organization_id_created_at",
                table: "sip_trunks",
                columns: new[] { "organization_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "phone_numbers");

            migrationBuilder.DropTable(
                name: "sip_trunks");
        }
    }
}
