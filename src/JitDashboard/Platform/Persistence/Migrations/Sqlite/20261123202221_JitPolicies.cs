using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JitPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jit_operations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    template_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    retry_of = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jit_operations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jit_policy_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    is_default = table.Column<bool>(type: "INTEGER", nullable: false),
                    ports_json = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jit_policy_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jit_operation_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    operation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    machine_id = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    machine_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    policy_id = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ports_json = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jit_operation_items", x => x.id);
                    table.ForeignKey(
                        name: "FK_jit_operation_items_jit_operations_operation_id",
                        column: x => x.operation_id,
                        principalTable: "jit_operations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "jit_policy_templates",
                columns: new[] { "id", "description", "is_default", "name", "ports_json", "updated_at", "updated_by" },
                values: new object[] { new Guid("6f1c4a52-0b8e-4c39-9a57-3d1f2e4b7a01"), "Defender for Cloud's defaults: 22, 3389, 5985, 5986, any protocol, any source, at most 3 hours.", true, "Defender default", "[{\"number\":22,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"},{\"number\":3389,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"},{\"number\":5985,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"},{\"number\":5986,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"}]", 639309888000000000L, "system" });

            migrationBuilder.CreateIndex(
                name: "IX_jit_operation_items_operation_id_status",
                table: "jit_operation_items",
                columns: new[] { "operation_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_jit_operations_status",
                table: "jit_operations",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_jit_policy_templates_name",
                table: "jit_policy_templates",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jit_operation_items");

            migrationBuilder.DropTable(
                name: "jit_policy_templates");

            migrationBuilder.DropTable(
                name: "jit_operations");
        }
    }
}
