using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JitDashboard.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Issue18Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "delivery_claims",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    claimed_at_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_delivery_claims", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "estate_inbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    resource_ids = table.Column<string>(type: "text", nullable: false),
                    events = table.Column<int>(type: "integer", nullable: false),
                    received_at_ms = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_estate_inbox", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_delivery_claims_claimed_at_ms",
                table: "delivery_claims",
                column: "claimed_at_ms");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delivery_claims");

            migrationBuilder.DropTable(
                name: "estate_inbox");
        }
    }
}
