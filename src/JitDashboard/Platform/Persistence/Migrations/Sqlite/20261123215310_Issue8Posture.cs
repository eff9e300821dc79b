using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue8Posture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "posture_snapshots",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    taken_at = table.Column<long>(type: "INTEGER", nullable: false),
                    score_current = table.Column<double>(type: "REAL", nullable: false),
                    score_max = table.Column<int>(type: "INTEGER", nullable: false),
                    control_current = table.Column<double>(type: "REAL", nullable: false),
                    control_max = table.Column<int>(type: "INTEGER", nullable: false),
                    healthy = table.Column<int>(type: "INTEGER", nullable: false),
                    unhealthy = table.Column<int>(type: "INTEGER", nullable: false),
                    not_applicable = table.Column<int>(type: "INTEGER", nullable: false),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    exposed = table.Column<int>(type: "INTEGER", nullable: false),
                    restricted = table.Column<int>(type: "INTEGER", nullable: false),
                    jit_configured = table.Column<int>(type: "INTEGER", nullable: false),
                    jit_not_configured = table.Column<int>(type: "INTEGER", nullable: false),
                    unsupported = table.Column<int>(type: "INTEGER", nullable: false),
                    potential_gain = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_posture_snapshots", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_posture_snapshots_taken_at",
                table: "posture_snapshots",
                column: "taken_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "posture_snapshots");
        }
    }
}
