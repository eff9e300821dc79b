// The app's custom role (its actions loaded from deploy/roles/*.json by main.bicep) and its assignment to the
// app's managed identity, both at subscription scope.
targetScope = 'subscription'

@description('Display name of the custom role.')
param roleName string

@description('What the role is for.')
param roleDescription string

@description('Exactly the ARM actions the app needs (from deploy/roles).')
param actions array

@description('Object id of the managed identity that gets the role.')
param principalId string

// Stable per subscription and role name: redeploying updates the same definition.
var roleDefinitionId = guid(subscription().id, roleName)

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleDefinitionId
  properties: {
    roleName: roleName
    description: roleDescription
    type: 'CustomRole'
    permissions: [
      {
        actions: actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, roleDefinitionId)
  properties: {
    roleDefinitionId: role.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output roleDefinitionId string = role.id
