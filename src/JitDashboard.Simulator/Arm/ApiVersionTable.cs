namespace JitDashboard.Simulator.Arm;

/// <summary>
/// The api-versions the simulator accepts, in one place: every published version of each family it serves, as real
/// ARM accepts every published version of a type. Each list names the folders of github.com/Azure/azure-rest-api-specs
/// (under <c>specification/</c>) it was read from; oldest first.
/// </summary>
public static class ApiVersionTable
{
    private static readonly Dictionary<ApiFamily, string[]> Versions = new()
    {
        // resources/resource-manager/Microsoft.Resources/stable/*/subscriptions.json (ARM's own subscriptions API).
        [ApiFamily.Subscriptions] =
        [
            "2015-11-01", "2016-06-01", "2018-06-01", "2019-06-01", "2019-11-01", "2020-01-01", "2021-01-01", "2022-12-01",
        ],

        // resources/resource-manager/Microsoft.Resources/stable/*/resources.json (providers and their resource types).
        [ApiFamily.Resources] =
        [
            "2015-11-01", "2016-02-01", "2016-07-01", "2016-09-01", "2017-05-10", "2018-02-01", "2018-05-01", "2019-03-01",
            "2019-05-01", "2019-05-10", "2019-07-01", "2019-08-01", "2019-10-01", "2020-06-01", "2021-04-01", "2022-09-01",
            "2024-03-01", "2024-07-01", "2024-11-01",
        ],

        // Microsoft.Compute virtualMachines: compute/resource-manager/Microsoft.Compute/stable/*/compute.json (to 2021-11-01),
        // .../Microsoft.Compute/preview/2016-04-30-preview, .../Microsoft.Compute/ComputeRP/stable/*/virtualMachine.json
        // (2022-03-01 to 2024-11-01) and .../Microsoft.Compute/Compute/stable/*/ComputeRP.json (2025-04-01 on; the
        // @azure/arm-compute 24.x SDK on npm sends 2026-03-01).
        [ApiFamily.Compute] =
        [
            "2015-06-15", "2016-03-30", "2016-04-30-preview", "2017-03-30", "2017-12-01", "2018-04-01", "2018-06-01", "2018-10-01",
            "2019-03-01", "2019-07-01", "2019-12-01", "2020-06-01", "2020-12-01", "2021-03-01", "2021-04-01", "2021-07-01",
            "2021-11-01", "2022-03-01", "2022-08-01", "2022-11-01", "2023-03-01", "2023-07-01", "2023-09-01", "2024-03-01",
            "2024-07-01", "2024-11-01", "2025-04-01", "2025-11-01", "2026-03-01",
        ],

        // Microsoft.ClassicCompute has no folder in azure-rest-api-specs (ASM behind ARM); the versions the simulator
        // always accepted.
        [ApiFamily.ClassicCompute] = ["2016-04-01", "2017-04-01"],

        // network/resource-manager/Microsoft.Network/stable/* (2015-06-15 to 2025-07-01) and preview/2015-05-01-preview;
        // 2025-09-01 from the learn.microsoft.com template reference (azure/templates/microsoft.network), which lists
        // the same folders. @azure/arm-network 36.0.0 sends 2025-05-01.
        [ApiFamily.Network] =
        [
            "2015-05-01-preview", "2015-06-15", "2016-03-30", "2016-06-01", "2016-09-01", "2016-12-01", "2017-03-01", "2017-03-30",
            "2017-06-01", "2017-08-01", "2017-09-01", "2017-10-01", "2017-11-01", "2018-01-01", "2018-02-01", "2018-04-01",
            "2018-06-01", "2018-07-01", "2018-08-01", "2018-10-01", "2018-11-01", "2018-12-01", "2019-02-01", "2019-04-01",
            "2019-06-01", "2019-07-01", "2019-08-01", "2019-09-01", "2019-11-01", "2019-12-01", "2020-03-01", "2020-04-01",
            "2020-05-01", "2020-06-01", "2020-07-01", "2020-08-01", "2020-11-01", "2021-02-01", "2021-03-01", "2021-05-01",
            "2021-08-01", "2022-01-01", "2022-05-01", "2022-07-01", "2022-09-01", "2022-11-01", "2023-02-01", "2023-04-01",
            "2023-05-01", "2023-06-01", "2023-09-01", "2023-11-01", "2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01",
            "2024-10-01", "2025-01-01", "2025-03-01", "2025-05-01", "2025-07-01", "2025-09-01",
        ],

        // security/resource-manager/Microsoft.Security/preview/2015-06-01-preview and stable/2020-01-01
        // (jitNetworkAccessPolicies.json); @azure/arm-security 5.0.0 sends 2020-01-01.
        [ApiFamily.Jit] = ["2015-06-01-preview", "2020-01-01"],

        // security/resource-manager/Microsoft.Security/preview/2019-01-01-preview and stable/2020-01-01, 2021-06-01,
        // 2025-05-04 (assessments.json); @azure/arm-security 5.0.0 sends 2021-06-01.
        [ApiFamily.Assessments] = ["2019-01-01-preview", "2020-01-01", "2021-06-01", "2025-05-04"],

        // security/resource-manager/Microsoft.Security/preview/2020-01-01-preview and stable/2020-01-01 (secureScore.json).
        [ApiFamily.SecureScore] = ["2020-01-01-preview", "2020-01-01"],

        // security/resource-manager/Microsoft.Security/preview/2017-08-01-preview and stable/2018-06-01, 2022-03-01,
        // 2023-01-01, 2024-01-01 (pricings.json); PricingEndpoints.
        [ApiFamily.Pricings] = ["2017-08-01-preview", "2018-06-01", "2022-03-01", "2023-01-01", "2024-01-01"],
    };

    /// <summary>The regions the simulator's resource types are offered in (ARM's provider listing and error messages).</summary>
    public static readonly string[] Locations = ["West Europe", "North Europe", "East US", "Central US"];

    /// <summary>The versions of a family, oldest first.</summary>
    public static IReadOnlyList<string> For(ApiFamily family) => Versions[family];

    public static bool Accepts(ApiFamily family, string apiVersion) => Versions[family].Contains(apiVersion, StringComparer.OrdinalIgnoreCase);

    /// <summary>Families served by ARM itself (Microsoft.Resources) rather than by a resource provider.</summary>
    public static bool IsArmOwn(ApiFamily family) => family is ApiFamily.Subscriptions or ApiFamily.Resources;

    /// <summary>A location as ARM writes it in messages: "West Europe" → "westeurope".</summary>
    public static string Normalize(string location) => location.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
