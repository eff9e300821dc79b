using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue6Access : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_auto_approval_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    requester_role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    resource_group = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    tag = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    max_duration_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_auto_approval_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "access_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    machine_id = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    machine_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    resource_group = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    policy_id = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ports_json = table.Column<string>(type: "TEXT", nullable: false),
                    duration_seconds = table.Column<long>(type: "INTEGER", nullable: false),
                    source_address_prefix = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    justification = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ticket = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    scheduled_start = table.Column<long>(type: "INTEGER", nullable: true),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decision_comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    auto_approved = table.Column<bool>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    claimed_until_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    expiry_warned = table.Column<bool>(type: "INTEGER", nullable: false),
                    version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_requests", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_auto_approval_rules_name",
                table: "access_auto_approval_rules",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_requested_by",
                table: "access_requests",
                column: "requested_by");

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_status",
                table: "access_requests",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_auto_approval_rules");

            migrationBuilder.DropTable(
                name: "access_requests");
        }
    }
}
