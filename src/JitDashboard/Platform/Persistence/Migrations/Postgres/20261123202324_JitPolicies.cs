using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Postgres
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    template_id = table.Column<Guid>(type: "uuid", nullable: true),
                    requested_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    retry_of = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jit_operations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jit_policy_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    ports_json = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jit_policy_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jit_operation_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    operation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    machine_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    machine_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    policy_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    ports_json = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                values: new object[] { new Guid("6f1c4a52-0b8e-4c39-9a57-3d1f2e4b7a01"), "Defender for Cloud's defaults: 22, 3389, 5985, 5986, any protocol, any source, at most 3 hours.", true, "Defender default", "[{\"number\":22,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"},{\"number\":3389,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"},{\"number\":5985,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"},{\"number\":5986,\"protocol\":\"*\",\"allowedSources\":[\"*\"],\"maxRequestAccessDuration\":\"PT3H\"}]", new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "system" });

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
