using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue7Automation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "automation_jit_baselines",
                columns: table => new
                {
                    machine_id = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    machine_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    deny_rules_json = table.Column<string>(type: "TEXT", nullable: false),
                    open_ports_json = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automation_jit_baselines", x => x.machine_id);
                });

            migrationBuilder.CreateTable(
                name: "automation_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    scope_json = table.Column<string>(type: "TEXT", nullable: false),
                    exclusions_json = table.Column<string>(type: "TEXT", nullable: false),
                    template_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    mode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    triggers_json = table.Column<string>(type: "TEXT", nullable: false),
                    max_actions_per_run = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automation_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "automation_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rule_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rule_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    started_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    started_at_ms = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    considered = table.Column<int>(type: "INTEGER", nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automation_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    holder = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    expires_at_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "automation_actions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    machine_id = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    machine_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    operation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    updated_at_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automation_actions", x => x.id);
                    table.ForeignKey(
                        name: "FK_automation_actions_automation_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "automation_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_automation_actions_run_id",
                table: "automation_actions",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "IX_automation_actions_status",
                table: "automation_actions",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_automation_rules_name",
                table: "automation_rules",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_automation_runs_rule_id_started_at_ms",
                table: "automation_runs",
                columns: new[] { "rule_id", "started_at_ms" });

            migrationBuilder.CreateIndex(
                name: "IX_automation_runs_started_at_ms",
                table: "automation_runs",
                column: "started_at_ms");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "automation_actions");

            migrationBuilder.DropTable(
                name: "automation_jit_baselines");

            migrationBuilder.DropTable(
                name: "automation_rules");

            migrationBuilder.DropTable(
                name: "leases");

            migrationBuilder.DropTable(
                name: "automation_runs");
        }
    }
}
