// Points the Azure SDK for JavaScript (a client nobody here wrote) at the ARM simulator: lists what a JIT script
// would read, then takes the SDK's own JIT write path (createOrUpdate, initiate) for one VM, and prints a JSON summary.
//
// Usage: SIM_URL=https://127.0.0.1:PORT SIM_TOKEN=<bearer for https://management.azure.com/> SIM_SUBSCRIPTION=<id> \
//        NODE_EXTRA_CA_CERTS=<the simulator's PEM> node script.mjs
// Run by JavaScriptSdkTests (tests/JitDashboard.IntegrationTests/Simulator); `npm ci` first.
import { ComputeManagementClient } from "@azure/arm-compute";
import { NetworkManagementClient } from "@azure/arm-network";
import { SecurityCenter } from "@azure/arm-security";

const endpoint = required("SIM_URL").replace(/\/+$/, "");
const token = required("SIM_TOKEN");
const subscriptionId = required("SIM_SUBSCRIPTION");

/** A TokenCredential (@azure/core-auth) that hands out the token it was given. */
const credential = {
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
};
// Both spellings: the newer clients read `endpoint`, the older ones `baseUri`.
const options = { endpoint, baseUri: endpoint, retryOptions: { maxRetries: 0 } };

const compute = new ComputeManagementClient(credential, subscriptionId, options);
const network = new NetworkManagementClient(credential, subscriptionId, options);
const security = new SecurityCenter(credential, subscriptionId, options);

const summary = { ok: false, counts: {}, jit: {} };
try {
  const vms = await all(compute.virtualMachines.listAll());
  const nsgs = await all(network.networkSecurityGroups.listAll());
  summary.counts = {
    virtualMachines: vms.length,
    networkInterfaces: (await all(network.networkInterfaces.listAll())).length,
    networkSecurityGroups: nsgs.length,
    publicIPAddresses: (await all(network.publicIPAddresses.listAll())).length,
    virtualNetworks: (await all(network.virtualNetworks.listAll())).length,
    loadBalancers: (await all(network.loadBalancers.listAll())).length,
    jitNetworkAccessPolicies: (await all(security.jitNetworkAccessPolicies.list())).length,
    assessments: (await all(security.assessments.list(`subscriptions/${subscriptionId}`))).length,
    secureScores: (await all(security.secureScores.list())).length,
  };
  if (nsgs.length > 0) {
    const nsg = parseId(nsgs[0].id);
    summary.securityRulesOf = nsgs[0].id;
    summary.counts.securityRules = (await all(network.securityRules.list(nsg.resourceGroup, nsg.name))).length;
  }

  // The SDK's own JIT write path, for the first VM: a policy of its own, then a request on it.
  const vm = vms[0];
  const { resourceGroup } = parseId(vm.id);
  const location = vm.location.replace(/\s+/g, "").toLowerCase();
  const policyName = "js-sdk-check";
  const policy = await security.jitNetworkAccessPolicies.createOrUpdate(resourceGroup, location, policyName, {
    kind: "Basic",
    virtualMachines: [
      { id: vm.id, ports: [{ number: 22, protocol: "TCP", allowedSourceAddressPrefix: "*", maxRequestAccessDuration: "PT3H" }] },
    ],
  });
  const request = await security.jitNetworkAccessPolicies.initiate(resourceGroup, location, policyName, {
    virtualMachines: [
      { id: vm.id, ports: [{ number: 22, allowedSourceAddressPrefix: "10.1.2.3", endTimeUtc: new Date(Date.now() + 60 * 60 * 1000) }] },
    ],
    justification: "JavaScript SDK check",
  });
  summary.jit = {
    vm: vm.id,
    policyId: policy.id,
    policyProvisioningState: policy.provisioningState,
    policyVirtualMachines: policy.virtualMachines?.length ?? 0,
    requestVirtualMachines: request.virtualMachines?.length ?? 0,
    requestPortStatus: request.virtualMachines?.[0]?.ports?.[0]?.status ?? null,
  };
  summary.ok = true;
} catch (e) {
  summary.error = { name: e?.name, code: e?.code, statusCode: e?.statusCode, message: e?.message };
}
console.log(JSON.stringify(summary));
process.exitCode = summary.ok ? 0 : 1;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`script.mjs: set ${name}`);
    process.exit(2);
  }
  return value;
}

async function all(pages) {
  const items = [];
  for await (const item of pages) items.push(item);
  return items;
}

function parseId(id) {
  const parts = id.split("/");
  const at = (name) => parts[parts.findIndex((p) => p.toLowerCase() === name) + 1];
  return { resourceGroup: at("resourcegroups"), name: parts[parts.length - 1] };
}
