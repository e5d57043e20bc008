using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Switchboard.ControlPlane.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Calls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_tool_calls",
                columns: table => new
                {
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organization_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    call_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    arguments = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    result = table.Column<string>(type: "text", nullable: true),
                    is_error = table.Column<bool>(type: "boolean", nullable: false),
                    action_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    action_argument = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    action_reason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    elapsed_ms = table.Column<long>(type: "bigint", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_tool_calls", x => x.idempotency_key);
                });

            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    organization_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    agent_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    agent_version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    from_number = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    to_number = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: true),
                    disconnection_reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    recording_path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    recording_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    metadata = table.Column<string>(type: "text", nullable: true),
                    dynamic_variables = table.Column<string>(type: "text", nullable: true),
                    latency_summary = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    organization_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    call_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    offset_ms = table.Column<long>(type: "bigint", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_call_events_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_call_events_call_id_sequence",
                table: "call_events",
                columns: new[] { "call_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_call_tool_calls_call_id",
                table: "call_tool_calls",
                column: "call_id");

            migrationBuilder.CreateIndex(
                name: "IX_calls_organization_id_agent_id_created_at",
                table: "calls",
                columns: new[] { "organization_id", "agent_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_calls_organization_id_created_at",
                table: "calls",
                columns: new[] { "organization_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_events");

            migrationBuilder.DropTable(
                name: "call_tool_calls");

            migrationBuilder.DropTable(
                name: "calls");
        }
    }
}
