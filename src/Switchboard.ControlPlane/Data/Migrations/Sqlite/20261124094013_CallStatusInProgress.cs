using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.ControlPlane.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CallStatusInProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The status ongoing was renamed in_progress (the telephony lifecycle: registered, ringing, in_progress, ended).
            migrationBuilder.Sql("UPDATE calls SET status = 'in_progress' WHERE status = 'ongoing'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE calls SET status = 'ongoing' WHERE status IN ('in_progress', 'ringing')");
        }
    }
}
