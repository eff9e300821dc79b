using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Issue5RuleChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jit_rule_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    operation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    nsg_id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    nsg_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rule_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    original_json = table.Column<string>(type: "text", nullable: false),
                    ports_before_json = table.Column<string>(type: "text", nullable: false),
                    ports_after_json = table.Column<string>(type: "text", nullable: false),
                    jit_ports_json = table.Column<string>(type: "text", nullable: false),
                    machine_ids_json = table.Column<string>(type: "text", nullable: false),
                    other_affected_vms_json = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jit_rule_changes", x => x.id);
                    table.ForeignKey(
                        name: "FK_jit_rule_changes_jit_operations_operation_id",
                        column: x => x.operation_id,
                        principalTable: "jit_operations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jit_rule_changes_operation_id_status",
                table: "jit_rule_changes",
                columns: new[] { "operation_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jit_rule_changes");
        }
    }
}
