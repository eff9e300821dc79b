using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    taken_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    score_current = table.Column<double>(type: "double precision", nullable: false),
                    score_max = table.Column<int>(type: "integer", nullable: false),
                    control_current = table.Column<double>(type: "double precision", nullable: false),
                    control_max = table.Column<int>(type: "integer", nullable: false),
                    healthy = table.Column<int>(type: "integer", nullable: false),
                    unhealthy = table.Column<int>(type: "integer", nullable: false),
                    not_applicable = table.Column<int>(type: "integer", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    exposed = table.Column<int>(type: "integer", nullable: false),
                    restricted = table.Column<int>(type: "integer", nullable: false),
                    jit_configured = table.Column<int>(type: "integer", nullable: false),
                    jit_not_configured = table.Column<int>(type: "integer", nullable: false),
                    unsupported = table.Column<int>(type: "integer", nullable: false),
                    potential_gain = table.Column<double>(type: "double precision", nullable: false)
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
