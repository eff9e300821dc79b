using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Estate;

/// <summary>The built-in demo estate: about 120 VMs in 3 subscriptions, some 70 of them exposed; one subscription degraded.</summary>
/// <remarks>
/// Hand-placed so the first screen tells a story: some VMs wide open, some restricted to the office,
/// some closed, some already under JIT with a request history, and the stand-ins JIT cannot protect
/// (no NSG, classic, scale-set instances). It contains the four cases of shared/estates/sample-estate.json:
/// vm-web-prod-01 (SSH open to *), vm-jumpbox-01 (RDP from the office prefix only), vm-legacy-erp-01
/// (no NSG, Basic public IP) and vm-web-prod-02 (JIT protected).
/// </remarks>
public static class DemoEstate
{
    private const int Seed = 20260105;
    private const string Office = EstateBuilder.OfficePrefix;
    private const string Admin = EstateBuilder.AdminHost;

    /// <summary>The demo estate, identical on every call; its JIT requests are all in the past.</summary>
    public static JsonObject Create() => Build(now: null);

    /// <summary>
    /// The same estate plus two live JIT grants (request <c>Initiated</c>, allow rule on the NSG) that
    /// started shortly before <paramref name="now"/>, for a simulator whose clock starts at real time;
    /// the past requests are then dated relative to <paramref name="now"/> too.
    /// </summary>
    public static JsonObject Create(DateTimeOffset now) => Build(now);

    private static JsonObject Build(DateTimeOffset? now)
    {
        var b = new EstateBuilder(Seed);
        // Past requests are dated from "now" when given, so the history looks recent.
        var t = now ?? EstateBuilder.BaseTime;

        // ---- Contoso Production ----
        var prod = b.AddSubscription("Contoso Production");

        var webProd = Group(b, prod, "rg-web-prod", "westeurope", 11, dataSubnet: true);
        WebTier(b, webProd.Subnets[0].Nsg!);
        DataTier(b, webProd.Subnets[2].Nsg!);
        Vm(b, webProd, "vm-web-prod-01", OsKind.Linux, subnet: 1, rules: [Allow("ssh-any", "22", "*"), Allow("allow-https", "443", "Internet")]);
        var web2 = Vm(b, webProd, "vm-web-prod-02", OsKind.Linux, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(web2, [22, 3389, 5985, 5986]);
        var web3 = Vm(b, webProd, "vm-web-prod-03", OsKind.Linux, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(web3, [22]);
        Vm(b, webProd, "vm-web-prod-04", OsKind.Linux, secondNic: true, rules: [Allow("allow-https", "443", "Internet"), Allow("allow-http", "80", "*")]);
        Vm(b, webProd, "vm-api-prod-01", OsKind.Linux, nicNsg: false, pip: PublicIpSku.None);
        Vm(b, webProd, "vm-api-prod-02", OsKind.Linux, nicNsg: false, pip: PublicIpSku.None);
        Vm(b, webProd, "vm-api-prod-03", OsKind.Linux, nicNsg: false);
        Vm(b, webProd, "vm-sql-prod-01", OsKind.Windows, subnet: 2, pip: PublicIpSku.None, size: "Standard_E8s_v5",
            rules: [Allow("allow-sql-app", "1433", "VirtualNetwork")]);
        Vm(b, webProd, "vm-sql-prod-02", OsKind.Windows, subnet: 2, pip: PublicIpSku.None, size: "Standard_E8s_v5",
            rules: [Allow("allow-sql-app", "1433", "VirtualNetwork")]);
        Vm(b, webProd, "vm-sql-prod-03", OsKind.Windows, subnet: 1, size: "Standard_E8s_v5",
            rules: [Allow("rdp-temp-vendor", "3389", "Internet"), Allow("allow-sql-app", "1433", "VirtualNetwork")]);

        var payProd = Group(b, prod, "rg-payments-prod", "northeurope", 12, dataSubnet: true);
        WebTier(b, payProd.Subnets[0].Nsg!);
        DataTier(b, payProd.Subnets[2].Nsg!);
        var pay1 = Vm(b, payProd, "vm-payments-app-01", OsKind.Linux, rules: [Allow("allow-https", "443", "Internet")]);
        var pay2 = Vm(b, payProd, "vm-payments-app-02", OsKind.Linux, rules: [Allow("allow-https", "443", "Internet")]);
        var pay3 = Vm(b, payProd, "vm-payments-app-03", OsKind.Windows, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(pay1, [22, 3389, 5985, 5986]);
        b.EnableJit(pay2, [22, 3389, 5985, 5986]);
        b.EnableJit(pay3, [3389, 5985, 5986]);
        Vm(b, payProd, "vm-payments-db-01", OsKind.Linux, subnet: 2, pip: PublicIpSku.None, rules: [Allow("allow-postgres", "5432", "VirtualNetwork")]);
        Vm(b, payProd, "vm-jumpbox-01", OsKind.Windows, subnet: 1, rules: [Allow("rdp-office", "3389", Office)]);
        Vm(b, payProd, "vm-jumpbox-02", OsKind.Linux, subnet: 1, rules: [Allow("ssh-admin", "22", Admin)]);
        Vm(b, payProd, "vm-payments-batch-01", OsKind.Linux, subnet: 1, power: PowerState.Deallocated,
            rules: [Allow("allow-ssh-https", ["22", "443"], ["*"])]);

        var legacy = Group(b, prod, "rg-legacy-prod", "eastus", 13, dataSubnet: false);
        // The legacy VMs sit in snet-app, which has no NSG.
        b.AddRule(legacy.Subnets[0].Nsg!, Allow("allow-vnet", "*", "VirtualNetwork"));
        Vm(b, legacy, "vm-legacy-erp-01", OsKind.Windows, subnet: 1, nicNsg: false, pip: PublicIpSku.Basic, size: "Standard_D4s_v5");
        Vm(b, legacy, "vm-legacy-ftp-01", OsKind.Linux, subnet: 1, nicNsg: false, pip: PublicIpSku.Standard);
        Vm(b, legacy, "vm-legacy-intranet-01", OsKind.Windows, subnet: 1, nicNsg: false, pip: PublicIpSku.None);
        Vm(b, legacy, "vm-erp-app-01", OsKind.Windows, subnet: 1, rules: [Allow("allow-rdp-range", "3380-3390", "*")]);
        Vm(b, legacy, "vm-crm-classic-01", OsKind.Windows, kind: VmKind.Classic);
        Vm(b, legacy, "vm-crm-classic-02", OsKind.Windows, kind: VmKind.Classic, power: PowerState.Deallocated);

        var shop = Group(b, prod, "rg-shop-prod", "westeurope", 14, dataSubnet: false);
        WebTier(b, shop.Subnets[0].Nsg!);
        foreach (var suffix in new[] { "1a2b3c4d", "5e6f7a8b", "9c0d1e2f" })
        {
            Vm(b, shop, $"vmss-shop-web_{suffix}", OsKind.Linux, kind: VmKind.ScaleSetInstance, scaleSet: "vmss-shop-web",
                nicNsg: false, pip: PublicIpSku.None);
        }
        Vm(b, shop, "vm-shop-cache-01", OsKind.Linux, rules: [Allow("allow-redis-vnet", "6379", "VirtualNetwork")], pip: PublicIpSku.None);

        // ---- Contoso Development ----
        var dev = b.AddSubscription("Contoso Development");

        var webDev = Group(b, dev, "rg-web-dev", "westeurope", 21, dataSubnet: false);
        b.AddRule(webDev.Subnets[0].Nsg!, Allow("allow-web", ["80", "443"], ["Internet"]));
        b.AddRule(webDev.Subnets[0].Nsg!, Allow("allow-mgmt-any", ["22", "3389"], ["*"]));
        Vm(b, webDev, "vm-web-dev-01", OsKind.Linux, subnet: 1, rules: [Allow("allow-ssh", "22", "0.0.0.0/0")]);
        Vm(b, webDev, "vm-web-dev-02", OsKind.Linux, subnet: 1, rules: [Allow("allow-ssh-https", ["22", "443"], ["*"])]);
        var webDev3 = Vm(b, webDev, "vm-web-dev-03", OsKind.Linux, subnet: 1, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(webDev3, [22]);
        Vm(b, webDev, "vm-web-dev-04", OsKind.Linux, subnet: 0, nicNsg: false);
        Vm(b, webDev, "vm-web-dev-05", OsKind.Windows, subnet: 1, power: PowerState.Deallocated, rules: [Allow("allow-rdp", "3389", "Internet")]);
        Vm(b, webDev, "vm-api-dev-01", OsKind.Linux, subnet: 1, rules: [Allow("deny-ssh-internet", "22", "Internet", access: "Deny")]);
        Vm(b, webDev, "vm-api-dev-02", OsKind.Linux, subnet: 1, secondIpConfig: true,
            rules: [Allow("allow-ssh-office", "22", Office), Allow("allow-https", "443", "Internet")]);

        var build = Group(b, dev, "rg-build-dev", "eastus2", 22, dataSubnet: false);
        b.AddRule(build.Subnets[0].Nsg!, Allow("allow-ssh-vnet", "22", "VirtualNetwork"));
        Vm(b, build, "vm-build-agent-01", OsKind.Linux, subnet: 1, rules: [Allow("allow-ssh-any", "22", "Internet")]);
        Vm(b, build, "vm-build-agent-02", OsKind.Linux, subnet: 1, rules: [Allow("allow-low-ports", "20-25", "Internet")]);
        var agent3 = Vm(b, build, "vm-build-agent-03", OsKind.Linux, subnet: 1, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(agent3, [22]);
        Vm(b, build, "vm-build-agent-04", OsKind.Windows, subnet: 1, secondNic: true, rules: [Allow("allow-winrm-any", ["5985", "5986"], ["0.0.0.0/0"])]);
        Vm(b, build, "vm-build-agent-05", OsKind.Windows, subnet: 0, nicNsg: false, pip: PublicIpSku.Standard);
        Vm(b, build, "vm-build-agent-06", OsKind.Linux, subnet: 1, power: PowerState.Stopped, rules: [Allow("allow-ssh-admin", "22", Admin)]);
        foreach (var suffix in new[] { "0f1e2d3c", "4b5a6978" })
        {
            Vm(b, build, $"vmss-build-linux_{suffix}", OsKind.Linux, kind: VmKind.ScaleSetInstance, scaleSet: "vmss-build-linux",
                subnet: 0, nicNsg: false, pip: PublicIpSku.None);
        }

        var sandbox = Group(b, dev, "rg-sandbox-dev", "uksouth", 23, dataSubnet: false);
        b.AddRule(sandbox.Subnets[0].Nsg!, Allow("allow-rdp-offices", ["3389"], [Office, Admin]));
        Vm(b, sandbox, "vm-sandbox-01", OsKind.Windows, subnet: 1, nicNsg: false, pip: PublicIpSku.Basic);
        Vm(b, sandbox, "vm-sandbox-02", OsKind.Linux, subnet: 1, nicNsg: false, pip: PublicIpSku.None);
        Vm(b, sandbox, "vm-sandbox-03", OsKind.Windows, subnet: 0, nicNsg: false);
        Vm(b, sandbox, "vm-sandbox-04", OsKind.Linux, subnet: 1, rules: [Allow("allow-all-any", "*", "*")]);
        Vm(b, sandbox, "vm-sandbox-05", OsKind.Windows, subnet: 1, exempt: true, rules: [Allow("allow-rdp-any", "3389", "*")]);

        // ---- Contoso Shared Services ----
        // Degraded on purpose, as real tenants are: the dashboard's principal lacks Microsoft.Security/assessments/read
        // here, so Defender's recommendations for these VMs cannot be read (the app shows them as Unknown). The two
        // other subscriptions are healthy, apart from Microsoft.ClassicCompute being unregistered in Development (no
        // classic VMs there), as on nearly every real subscription since its retirement.
        var shared = b.AddSubscription("Contoso Shared Services", conditions: new JsonObject
        {
            ["deniedActions"] = new JsonArray("Microsoft.Security/assessments/read"),
        });

        var identity = Group(b, shared, "rg-identity-shared", "westeurope", 31, dataSubnet: true);
        b.AddRule(identity.Subnets[0].Nsg!, Allow("allow-https-inbound", "443", "Internet"));
        b.AddRule(identity.Subnets[2].Nsg!, Allow("allow-vnet-inbound", "*", "VirtualNetwork"));
        b.AddRule(identity.Subnets[2].Nsg!, new RuleSpec("deny-internet-inbound", "Deny", "*", ["*"], ["Internet"], Priority: 4000));
        Vm(b, identity, "vm-dc-01", OsKind.Windows, subnet: 2, nicNsg: false, pip: PublicIpSku.None, size: "Standard_D2s_v5");
        Vm(b, identity, "vm-dc-02", OsKind.Windows, subnet: 2, nicNsg: false, pip: PublicIpSku.None, size: "Standard_D2s_v5");
        var adfs = Vm(b, identity, "vm-adfs-01", OsKind.Windows, subnet: 0, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(adfs, [3389, 5985, 5986]);
        Vm(b, identity, "vm-adconnect-01", OsKind.Windows, subnet: 1, rules: [Allow("allow-rdp-admin", "3389", Admin)]);

        var hub = Group(b, shared, "rg-connectivity-hub", "westeurope", 32, dataSubnet: false);
        b.AddRule(hub.Subnets[0].Nsg!, Allow("allow-ssh-offices", ["22"], [Office, Admin]));
        b.AddRule(hub.Subnets[0].Nsg!, new RuleSpec("allow-ipsec", "Allow", "Udp", ["500", "4500"], ["Internet"]));
        Vm(b, hub, "vm-jumpbox-03", OsKind.Linux, subnet: 0, rules: [Allow("allow-ssh-offices", ["22"], [Office, Admin])]);
        Vm(b, hub, "vm-vpn-gw-01", OsKind.Linux, subnet: 1, secondNic: true,
            rules: [new RuleSpec("allow-ipsec", "Allow", "Udp", ["500", "4500"], ["Internet"]), Allow("allow-ssh", "22", "Internet")]);
        var dns1 = Vm(b, hub, "vm-dns-01", OsKind.Linux, subnet: 1, rules: [new RuleSpec("allow-dns", "Allow", "Udp", ["53"], ["VirtualNetwork"])]);
        b.EnableJit(dns1, [22]);

        var mon = Group(b, shared, "rg-monitoring-shared", "northeurope", 33, dataSubnet: false);
        WebTier(b, mon.Subnets[0].Nsg!);
        var grafana = Vm(b, mon, "vm-grafana-01", OsKind.Linux, subnet: 0, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(grafana, [22, 3389, 5985, 5986]);
        Vm(b, mon, "vm-elastic-01", OsKind.Linux, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-elastic-vnet", "9200", "VirtualNetwork")]);
        Vm(b, mon, "vm-elastic-02", OsKind.Linux, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-elastic-vnet", "9200", "VirtualNetwork")]);
        Vm(b, mon, "vm-elastic-03", OsKind.Linux, subnet: 1, rules: [Allow("allow-elastic-any", "9200", "*"), Allow("allow-ssh-office", "22", Office)]);
        Vm(b, mon, "vm-scom-01", OsKind.Windows, subnet: 1, rules: [Allow("allow-winrm-range", "5985-5986", "Internet")]);

        var devops = Group(b, shared, "rg-devops-shared", "eastus", 34, dataSubnet: false);
        b.AddRule(devops.Subnets[0].Nsg!, Allow("allow-web", ["80", "443"], ["Internet"]));
        Vm(b, devops, "vm-jenkins-01", OsKind.Linux, subnet: 1, rules: [Allow("allow-jenkins", "8080", "*"), Allow("allow-ssh-range", "20-25", "*")]);
        var nexus = Vm(b, devops, "vm-nexus-01", OsKind.Linux, subnet: 0, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(nexus, [22]);
        Vm(b, devops, "vm-build-agent-07", OsKind.Windows, subnet: 1, rules: [Allow("deny-rdp-internet", "3389", "Internet", access: "Deny")]);

        // History: past requests, so the policies look used. A fixed base date keeps Create() deterministic.
        b.AddJitRequest(web2, 22, "203.0.113.24", "alice@contoso.test", t.AddDays(-3), t.AddDays(-3).AddHours(2), "Revoked", "Expired", "Deploy hotfix 4.2.1");
        b.AddJitRequest(pay1, 22, "198.51.100.10", "alice@contoso.test", t.AddDays(-1), t.AddDays(-1).AddHours(1), "Revoked", "Expired", "Investigate payment timeouts");
        b.AddJitRequest(pay3, 3389, "203.0.113.40", "carol@contoso.test", t.AddHours(-6), t.AddHours(-5), "Revoked", "UserRequested", "Patch Tuesday");
        b.AddJitRequest(grafana, 22, "203.0.113.24", "", t.AddDays(-7), t.AddDays(-7).AddHours(3), "Revoked", "Expired");

        // Live grants go last so that they do not shift any other random draw.
        if (now is { } n)
        {
            b.AddJitRequest(pay2, 22, "203.0.113.24", "alice@contoso.test", n.AddMinutes(-20), n.AddMinutes(100), "Initiated", "UserRequested", "Rotate TLS certificates");
            b.AddJitRequest(adfs, 3389, "198.51.100.10", "carol@contoso.test", n.AddMinutes(-45), n.AddMinutes(15), "Initiated", "UserRequested", "Renew token-signing certificate");
        }

        // Issue 5's bulk journey: more exposed VMs across resource groups, several beside VMs already in the group's
        // default policy. Added last so every VM above keeps its names, addresses and facts.
        MoreExposed(b, webProd, "web-prod", 11, 5);
        MoreExposed(b, payProd, "pay", 12, 5);
        MoreExposed(b, webDev, "web-dev", 13, 5);
        MoreExposed(b, build, "build-dev", 14, 5);
        MoreExposed(b, mon, "monitoring", 15, 5);
        MoreExposed(b, devops, "devops", 16, 5);
        var analytics = Group(b, prod, "rg-analytics-prod", "westeurope", 15, dataSubnet: false);
        b.EnableJit(Vm(b, analytics, "vm-analytics-jit-01", OsKind.Linux, subnet: 1, rules: [Allow("allow-https", "443", "Internet")]), [22]);
        MoreExposed(b, analytics, "analytics", 21, 7);
        var crm = Group(b, dev, "rg-crm-dev", "uksouth", 24, dataSubnet: false);
        b.EnableJit(Vm(b, crm, "vm-crm-jit-01", OsKind.Windows, subnet: 1, rules: [Allow("allow-https", "443", "Internet")]), [3389]);
        MoreExposed(b, crm, "crm", 22, 7);
        var hr = Group(b, shared, "rg-hr-shared", "eastus", 35, dataSubnet: false);
        MoreExposed(b, hr, "hr", 23, 6);
        // A subnet rule: allow-mgmt-any on rg-web-dev's snet-web also reaches this VM (no public IP of its own).
        Vm(b, webDev, "vm-web-dev-internal-01", OsKind.Linux, subnet: 0, nicNsg: false, pip: PublicIpSku.None);

        // Issue 17: the other doors, last so every VM above keeps its names, addresses and facts.
        OtherDoors(b, prod, dev, shared);
        return b.Build();
    }

    /// <summary>
    /// Every kind of path of issue 17: public load balancer NAT and load-balancing rules, Azure Firewall DNAT (classic and
    /// policy), application security groups, AzureCloud as a source, AVNM admin rules (AlwaysAllow over an NSG deny, Deny
    /// over an NSG allow). Several are Open while Defender's "management ports should be closed" says Healthy: Defender
    /// judges only the VM's own public IP and NSGs. Network watchers in some regions only (uksouth and eastus2 have none).
    /// </summary>
    private static void OtherDoors(EstateBuilder b, string prod, string dev, string shared)
    {
        var edge = Group(b, prod, "rg-edge-prod", "westeurope", 17, dataSubnet: false);
        var nat = Vm(b, edge, "vm-edge-nat-01", OsKind.Linux, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-ssh-any", "22", "*")]);
        var web = Vm(b, edge, "vm-edge-web-01", OsKind.Windows, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-rdp-internet", "3389", "Internet")]);
        b.AddPublicLoadBalancer(edge, "lb-edge", "Standard",
            [new NatRuleSpec("nat-ssh-edge-nat-01", nat, 50022, 22)],
            [new LbRuleSpec("rdp-farm", 3389, 3389, [web])]);

        var fw = Vm(b, edge, "vm-edge-fw-01", OsKind.Linux, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-https", "443", "Internet")]);
        var fwOffice = Vm(b, edge, "vm-edge-fw-02", OsKind.Windows, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-https", "443", "Internet")]);
        var fwJit = Vm(b, edge, "vm-edge-fwjit-01", OsKind.Linux, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-https", "443", "Internet")]);
        b.EnableJit(fwJit, [22]);
        b.AddFirewall(edge, "afw-edge", policy: false,
        [
            new DnatSpec("dnat-ssh-fw-01", fw, 52201, 22, ["*"]),
            new DnatSpec("dnat-rdp-fw-02", fwOffice, 53389, 3389, [Office]),
            new DnatSpec("dnat-ssh-fwjit-01", fwJit, 52202, 22, ["*"]),
        ]);
        var fwPolicy = Vm(b, edge, "vm-edge-fwp-01", OsKind.Linux, subnet: 1, pip: PublicIpSku.None, rules: [Allow("allow-https", "443", "Internet")]);
        b.AddFirewall(edge, "afw-edge-managed", policy: true, [new DnatSpec("dnat-ssh-fwp-01", fwPolicy, 52203, 22, ["*"])]);

        var asg = b.AddApplicationSecurityGroup(edge, "asg-ssh-targets");
        var member = Vm(b, edge, "vm-edge-asg-01", OsKind.Linux, subnet: 1,
            rules: [new RuleSpec("allow-ssh-to-asg", "Allow", "Tcp", ["22"], ["*"], DestinationAsgs: [asg])]);
        EstateBuilder.JoinApplicationSecurityGroup(member, asg);
        Vm(b, edge, "vm-edge-asg-02", OsKind.Linux, subnet: 1,
            rules: [new RuleSpec("allow-ssh-to-asg", "Allow", "Tcp", ["22"], ["*"], DestinationAsgs: [asg])]);
        Vm(b, edge, "vm-edge-asgsrc-01", OsKind.Linux, subnet: 1,
            rules: [new RuleSpec("allow-ssh-from-asg", "Allow", "Tcp", ["22"], [], SourceAsgs: [asg])]);
        Vm(b, edge, "vm-edge-azurecloud-01", OsKind.Windows, subnet: 1, rules: [Allow("allow-rdp-azurecloud", "3389", "AzureCloud")]);

        var managed = Group(b, prod, "rg-netmgr-prod", "westeurope", 18, dataSubnet: false);
        b.AddAdminRules(managed, "avnm-contoso",
        [
            new AdminRuleSpec("always-allow-ssh-vendor", "AlwaysAllow", 10, ["22"], ["*"]),
            new AdminRuleSpec("deny-rdp-internet", "Deny", 20, ["3389"], ["*"]),
        ]);
        Vm(b, managed, "vm-mgr-ssh-01", OsKind.Linux, subnet: 1, rules: [Allow("allow-https", "443", "Internet")]);
        Vm(b, managed, "vm-mgr-rdp-01", OsKind.Windows, subnet: 1, rules: [Allow("allow-rdp-any", "3389", "*")]);

        foreach (var region in new[] { "westeurope", "northeurope", "eastus" })
            b.AddNetworkWatcher(prod, region);
        b.AddNetworkWatcher(dev, "westeurope");
        b.AddNetworkWatcher(shared, "westeurope");
    }

    /// <summary>
    /// Exposed VMs named <c>vm-{stem}-svc-NN</c> (50 in all, so one search finds the bulk journey's selection), each with a NIC rule that keeps a management port open after JIT: one
    /// port only (closing deletes it), or with other ports too (closing rewrites its ranges).
    /// </summary>
    private static void MoreExposed(EstateBuilder b, ResourceGroupHandle rg, string stem, int seed, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var windows = (i + seed) % 3 == 0;
            RuleSpec rule = ((i + seed) % 4) switch
            {
                0 => windows ? Allow("allow-rdp-any", "3389", "*") : Allow("allow-ssh-any", "22", "*"),
                1 => windows ? Allow("allow-rdp-range", "3380-3390", "*") : Allow("allow-ssh-https", ["22", "443"], ["*"]),
                2 => windows ? Allow("allow-rdp-internet", "3389", "Internet") : Allow("allow-ssh-internet", "22", "Internet"),
                _ => windows ? Allow("allow-mgmt-any", ["3389", "5985-5986"], ["0.0.0.0/0"]) : Allow("allow-ssh-any", "22", "0.0.0.0/0"),
            };
            Vm(b, rg, $"vm-{stem}-svc-{i:00}", windows ? OsKind.Windows : OsKind.Linux, subnet: 1,
                rules: [rule, Allow("allow-https", "443", "Internet")]);
        }
    }

    private static ResourceGroupHandle Group(EstateBuilder b, string subscriptionId, string name, string region, int octet, bool dataSubnet)
    {
        // snet-web has an NSG, snet-app has none, snet-data (if any) has one.
        var subnets = new List<(string, bool)> { ("snet-web", true), ("snet-app", false) };
        if (dataSubnet)
            subnets.Add(("snet-data", true));
        return b.AddResourceGroup(subscriptionId, name, region, octet, subnets);
    }

    private static void WebTier(EstateBuilder b, NsgHandle nsg)
    {
        b.AddRule(nsg, Allow("allow-https-inbound", "443", "Internet"));
        b.AddRule(nsg, Allow("allow-http-inbound", "80", "*"));
        b.AddRule(nsg, Allow("allow-ssh-vnet", "22", "VirtualNetwork"));
    }

    private static void DataTier(EstateBuilder b, NsgHandle nsg)
    {
        b.AddRule(nsg, Allow("allow-vnet-inbound", "*", "VirtualNetwork"));
        b.AddRule(nsg, new RuleSpec("deny-internet-inbound", "Deny", "*", ["*"], ["Internet"], Priority: 4000));
    }

    private static RuleSpec Allow(string name, string port, string source, string access = "Allow") =>
        new(name, access, "Tcp", [port], [source]);

    private static RuleSpec Allow(string name, string[] ports, string[] sources) => new(name, "Allow", "Tcp", ports, sources);

    private static readonly string[] Owners = ["alice@contoso.test", "bob@contoso.test", "carol@contoso.test", "platform-team@contoso.test"];

    private static VmHandle Vm(EstateBuilder b, ResourceGroupHandle rg, string name, OsKind os, int subnet = 0, bool nicNsg = true,
        PublicIpSku pip = PublicIpSku.Standard, PowerState power = PowerState.Running, string? size = null,
        VmKind kind = VmKind.Standard, string? scaleSet = null, bool secondNic = false, bool secondIpConfig = false,
        bool exempt = false, RuleSpec[]? rules = null)
    {
        var env = rg.Name.Split('-')[^1];
        var tags = new List<(string, string)>
        {
            ("env", env == "shared" ? "prod" : env),
            ("owner", Owners[b.VmCount % Owners.Length]),
            ("app", rg.Name.Split('-')[1]),
        };
        if (exempt)
            tags.Add(("jit-exempt", "true"));
        var vm = b.AddVm(rg, new VmOptions
        {
            Name = name,
            Os = os,
            Kind = kind,
            Size = size ?? (os == OsKind.Windows ? "Standard_D2s_v5" : "Standard_B2s"),
            Power = power,
            SubnetIndex = subnet,
            NicNsg = nicNsg && kind != VmKind.Classic,
            PublicIp = pip,
            SecondNic = secondNic,
            SecondIpConfig = secondIpConfig,
            SecondIpConfigPublicIp = secondIpConfig ? PublicIpSku.Standard : PublicIpSku.None,
            Tags = [.. tags],
            ScaleSetName = scaleSet,
        });
        if (vm.NicNsg is { } nsg && rules is not null)
        {
            foreach (var rule in rules)
                b.AddRule(nsg, rule);
        }
        return vm;
    }
}
