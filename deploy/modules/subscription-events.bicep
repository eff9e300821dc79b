// Issue 16: Azure's change feed for one subscription in scope. The subscription's Event Grid system topic
// (Microsoft.Resources.Subscriptions) and an event subscription that delivers resource writes, deletes and actions
// to the app's POST /api/v1/events/azure, authenticated with Entra (Event Grid gets a token for the app; the app
// checks the app role Events:Role on it). Event Grid makes the validation handshake when this is created, so the
// app must be up and reachable at endpointUrl.
targetScope = 'subscription'

@description('The resource group (created in this subscription) that holds the system topic.')
param resourceGroupName string

@description('The app\'s events endpoint, https://<host>/api/v1/events/azure.')
param endpointUrl string

@description('The Entra tenant of the app registration.')
param tenantId string

@description('The app registration\'s application id or its Application ID URI (the token audience).')
param applicationIdOrUri string

@description('Events per delivery (Event Grid allows 1 to 5000).')
@minValue(1)
@maxValue(5000)
param maxEventsPerBatch int = 100

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: deployment().location
}

module topic 'event-subscription.bicep' = {
  name: 'jitdashboard-events-${uniqueString(subscription().id)}'
  scope: group
  params: {
    sourceSubscriptionId: subscription().id
    endpointUrl: endpointUrl
    tenantId: tenantId
    applicationIdOrUri: applicationIdOrUri
    maxEventsPerBatch: maxEventsPerBatch
  }
}

output systemTopicId string = topic.outputs.systemTopicId
