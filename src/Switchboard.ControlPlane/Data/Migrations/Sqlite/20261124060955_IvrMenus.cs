using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.ControlPlane.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IvrMenus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ivr_menus",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ivr_menus", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ivr_sessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", nullable: false),
                    call_id = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    menu_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    path = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    outcome_target = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ivr_sessions", x => x.id);
                    table.ForeignKey(
                        name: "FK_ivr_sessions_ivr_menus_menu_id",
                        column: x => x.menu_id,
                        principalTable: "ivr_menus",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ivr_menus_organization_id_created_at",
                table: "ivr_menus",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_ivr_sessions_menu_id_created_at",
                table: "ivr_sessions",
                columns: new[] { "menu_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_ivr_sessions_organization_id_call_id",
                table: "ivr_sessions",
                columns: new[] { "organization_id", "call_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ivr_sessions");

            migrationBuilder.DropTable(
                name: "ivr_menus");
        }
    }
}
