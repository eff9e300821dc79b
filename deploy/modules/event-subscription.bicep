// The system topic of one subscription and the app's event subscription on it (see subscription-events.bicep).
targetScope = 'resourceGroup'

param sourceSubscriptionId string
param endpointUrl string
param tenantId string
param applicationIdOrUri string
param maxEventsPerBatch int

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'jitdashboard-${uniqueString(sourceSubscriptionId)}'
  // Subscription-level system topics are global.
  location: 'global'
  properties: {
    source: sourceSubscriptionId
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource eventSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'jitdashboard'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
        maxEventsPerBatch: maxEventsPerBatch
        preferredBatchSizeInKilobytes: 64
        // Entra authentication: Event Grid sends a bearer token for this app; assign the app's
        // JitDashboard.EventPublisher role to Event Grid's service principal (README: "Live estate").
        azureActiveDirectoryTenantId: tenantId
        azureActiveDirectoryApplicationIdOrUri: applicationIdOrUri
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
        'Microsoft.Resources.ResourceDeleteSuccess'
        'Microsoft.Resources.ResourceActionSuccess'
      ]
      // Only what the estate reads: VMs, network resources, JIT policies (and resource groups).
      advancedFilters: [
        {
          operatorType: 'StringContains'
          key: 'data.operationName'
          values: [
            'Microsoft.Compute/virtualMachines'
            'Microsoft.Network/'
            'Microsoft.Security/locations/jitNetworkAccessPolicies'
            'Microsoft.Resources/subscriptions/resourceGroups'
          ]
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output systemTopicId string = systemTopic.id
