using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.ControlPlane.Data.Migrations.Sqlite
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
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    call_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    arguments = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    result = table.Column<string>(type: "TEXT", nullable: true),
                    is_error = table.Column<bool>(type: "INTEGER", nullable: false),
                    action_kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    action_argument = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    action_reason = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    elapsed_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_tool_calls", x => x.idempotency_key);
                });

            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    organization_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    agent_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    agent_version = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    from_number = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    to_number = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    duration_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    disconnection_reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    recording_path = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    recording_url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: true),
                    dynamic_variables = table.Column<string>(type: "TEXT", nullable: true),
                    latency_summary = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    organization_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    call_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    offset_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false)
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
