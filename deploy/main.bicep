// JitDashboard on Azure App Service (Linux, .NET 10) with a system-assigned managed identity that holds exactly
// the custom role of deploy/roles (operator or reader) at subscription scope. Optional PostgreSQL flexible server
// (several instances share it); secrets only in Key Vault, referenced from app settings.
//
//   az deployment group create -g <rg> -f deploy/main.bicep -p entraTenantId=<tenant> entraClientId=<app id>
//
// The deploying principal needs Owner or User Access Administrator on the subscription (it creates a role
// definition and a role assignment there).
targetScope = 'resourceGroup'

@description('Name prefix of every resource (letters, digits and hyphens).')
@minLength(3)
@maxLength(20)
param appName string = 'jitdashboard'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('operator: reads, JIT policy writes/deletes/initiation and NSG rule closing. reader: a viewer-only deployment, reads only.')
@allowed([
  'operator'
  'reader'
])
param roleKind string = 'operator'

@description('App Service plan SKU (P0v3 or larger for production: Always On, several instances).')
param planSku string = 'P0v3'

@description('Number of app instances. More than one needs usePostgres (a shared database).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Entra ID tenant of the app registration (sign-in and API tokens).')
param entraTenantId string

@description('Application (client) id of the app registration.')
param entraClientId string

@description('Entra sign-in host (sovereign clouds differ).')
param entraInstance string = 'https://login.microsoftonline.com/'

@description('The REST API audience (app id URI of the registration).')
param apiAudience string = 'api://jitdashboard'

@description('Subscriptions to show; empty: all the identity can read.')
param subscriptionIds array = []

@description('Deploy a PostgreSQL flexible server and use it instead of SQLite on the app\'s storage.')
param usePostgres bool = false

@description('PostgreSQL administrator login (usePostgres only).')
param postgresAdminLogin string = 'jitdashboard'

@description('PostgreSQL administrator password (usePostgres only). Stored in Key Vault, never in app settings.')
@secure()
param postgresAdminPassword string = ''

@description('PostgreSQL flexible server SKU (usePostgres only).')
param postgresSku string = 'Standard_B1ms'

@description('OTLP endpoint for traces, metrics and logs; empty: no export.')
param otlpEndpoint string = ''

@description('Create, per subscription in scope, the Event Grid system topic and the event subscription to the app (issue 16). The app must be up: Event Grid validates the endpoint when the subscription is created.')
param enableEvents bool = true

@description('Resource group, created in each subscription in scope, that holds its Event Grid system topic.')
param eventsResourceGroupName string = 'jitdashboard-events'

@description('Application ID URI (or application id) Event Grid asks Entra a token for; default: the API audience.')
param eventsApplicationIdOrUri string = apiAudience

var operatorRole = loadJsonContent('roles/jitdashboard-operator.json')
var readerRole = loadJsonContent('roles/jitdashboard-reader.json')
var role = roleKind == 'operator' ? operatorRole : readerRole
var suffix = uniqueString(resourceGroup().id, appName)
var databaseName = 'jitdashboard'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan-${suffix}'
  location: location
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = if (usePostgres) {
  name: take('${appName}-kv-${suffix}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = if (usePostgres) {
  name: '${appName}-pg-${suffix}'
  location: location
  sku: {
    name: postgresSku
    tier: startsWith(postgresSku, 'Standard_B') ? 'Burstable' : 'GeneralPurpose'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: databaseName
}

// Azure services only (the app's outbound addresses); tighten with VNet integration + private access if needed.
resource postgresFirewall 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (usePostgres) {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource connectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (usePostgres) {
  parent: vault
  name: 'database-connection-string'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${databaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

// Issue 16: Azure's change feed. Per subscription in scope (subscriptionIds, else this deployment's subscription):
// the Event Grid system topic and an event subscription to the app's /api/v1/events/azure with Entra auth.
var eventSubscriptionIds = empty(subscriptionIds) ? [subscription().subscriptionId] : subscriptionIds

var baseSettings = [
  { name: 'Mode', value: 'Azure' }
  { name: 'AzureAd__Instance', value: entraInstance }
  { name: 'AzureAd__TenantId', value: entraTenantId }
  { name: 'AzureAd__ClientId', value: entraClientId }
  { name: 'AzureAd__Audience', value: apiAudience }
  { name: 'Events__Role', value: 'JitDashboard.EventPublisher' }
  { name: 'Arm__Credential', value: 'ManagedIdentity' }
  { name: 'Hardening__Https', value: 'Auto' }
  { name: 'OpenTelemetry__OtlpEndpoint', value: otlpEndpoint }
  // App Service terminates TLS: trust its X-Forwarded-Proto so the app sees https (HSTS, no redirect loop).
  { name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', value: 'true' }
]
var subscriptionSettings = [for (id, i) in subscriptionIds: { name: 'Arm__SubscriptionIds__${i}', value: id }]
var databaseSettings = usePostgres
  ? [
      { name: 'Database__Provider', value: 'PostgreSQL' }
      { name: 'Database__ConnectionString', value: '@Microsoft.KeyVault(SecretUri=${connectionSecret.properties.secretUri})' }
    ]
  : [
      { name: 'Database__Provider', value: 'Sqlite' }
      // /home is App Service's persistent storage.
      { name: 'Database__DataDirectory', value: '/home/data' }
    ]

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: '${appName}-${suffix}'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Blazor Server: a circuit lives on one instance; ARR affinity keeps each browser there.
    clientAffinityEnabled: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      webSocketsEnabled: true
      alwaysOn: true
      healthCheckPath: '/health/ready'
      appCommandLine: 'dotnet JitDashboard.dll'
      appSettings: concat(baseSettings, subscriptionSettings, databaseSettings)
    }
  }
}

// Key Vault Secrets User for the app, on its vault only.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (usePostgres) {
  name: guid(vault.id, site.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

module armRole 'modules/subscription-role.bicep' = {
  name: '${appName}-role-${roleKind}'
  scope: subscription()
  params: {
    roleName: '${role.Name} (${appName})'
    roleDescription: role.Description
    actions: role.Actions
    principalId: site.identity.principalId
  }
}

module events 'modules/subscription-events.bicep' = [for id in eventSubscriptionIds: if (enableEvents) {
  name: '${appName}-events-${uniqueString(id)}'
  scope: subscription(id)
  params: {
    resourceGroupName: eventsResourceGroupName
    endpointUrl: 'https://${site.properties.defaultHostName}/api/v1/events/azure'
    tenantId: entraTenantId
    applicationIdOrUri: eventsApplicationIdOrUri
  }
}]

output url string = 'https://${site.properties.defaultHostName}'
output principalId string = site.identity.principalId
output roleDefinitionId string = armRole.outputs.roleDefinitionId
