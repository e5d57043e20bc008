using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.ControlPlane.Data.Migrations.Sqlite
{
    /// <summary>The audit log refuses UPDATE and DELETE in the database itself, not only in the application.</summary>
    public partial class AuditAppendOnly : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON audit_logs
                BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_logs_no_delete BEFORE DELETE ON audit_logs
                BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_logs_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_logs_no_delete;");
        }
    }
}
