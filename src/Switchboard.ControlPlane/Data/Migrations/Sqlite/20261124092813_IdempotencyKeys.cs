using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.ControlPlane.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IdempotencyKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    organization_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    endpoint = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    response = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => new { x.organization_id, x.key });
                });

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_organization_id_expires_at",
                table: "idempotency_keys",
                columns: new[] { "organization_id", "expires_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys");
        }
    }
}
