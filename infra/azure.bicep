// Password Reset Bot — everything it needs in one resource group:
// a user-assigned managed identity (the bot's Bot Framework identity AND its Microsoft Graph identity),
// the Azure Bot with its Teams channel, a Linux App Service running Node 22, Table storage,
// a Key Vault for the secrets (read through Key Vault references), and a Log Analytics workspace that
// receives both the App Service's own logs (console, HTTP, platform) and Application Insights.
// Deployed by `m365agents.yml` (arm/deploy) or `az deployment group create`; see docs/DEPLOY.md.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name, e.g. pwresetdev.')
param resourceBaseName string

@description('Azure region of every regional resource.')
param location string = resourceGroup().location

@description('App Service plan SKU. B1 or higher: "always on" is not available on the free tier.')
param webAppSku string = 'B1'

@maxLength(42)
@description('Name shown for the Azure Bot resource.')
param botDisplayName string = 'Password Reset'

@allowed(['F0', 'S1'])
@description('Azure Bot pricing tier; Teams is a standard channel, free on both.')
param botServiceSku string = 'F0'

@description('UPN of the helpdesk mailbox the mails are sent from (MAIL_SENDER).')
param mailSender string

@allowed(['link', 'inline'])
@description('link: a one-time link to the password (default); inline: the password in the mail.')
param passwordDelivery string = 'link'

@description('Who a user should contact after an unexpected reset (HELPDESK_CONTACT).')
param helpdeskContact string = ''

@description('Optional allow-list of recipient domains, comma-separated (RECIPIENT_DOMAINS).')
param recipientDomains string = ''

// Numbers are strings here because App Service settings are strings and the Toolkit fills the
// parameters file by text substitution; src/config.ts validates their range at startup.
param linkTtlHours string = '24'
param rateLimitRequesterPerHour string = '20'
param rateLimitTargetPerDay string = '3'
param requestTtlMinutes string = '30'
@description('Seconds without a heartbeat after which another instance finishes a claimed reset (crash recovery).')
param recoveryAfterSeconds string = '30'
@description('Requests one instance works on at once after answering Teams (the rest wait their turn).')
param runConcurrency string = '16'
@description('Users of one request worked on at once; Outlook takes at most 4 concurrent requests per mailbox.')
param mailConcurrency string = '4'
@description('How long one Graph call may take, in seconds (5-120).')
param graphTimeoutSeconds string = '30'
@description('Whether the user gets a short notice (never the password) on their own addresses after a reset.')
param notifyUser string = 'true'
@description('APPROVAL_FOR_ADMINS: a second admin approves resets of users who hold or may activate an admin role.')
param approvalForAdmins string = 'true'
@description('APPROVAL_GROUP_IDS: object ids of groups whose direct members also need a second admin, comma-separated.')
param approvalGroupIds string = ''
@description('APPROVAL_TTL_MINUTES: how long a request waits for a second admin before it expires.')
param approvalTtlMinutes string = '30'
@description('APPROVALS_CHANNEL_ID: the Teams channel where requests from personal chats are approved (docs/DEPLOY.md).')
param approvalsChannelId string = ''
param storageTablePrefix string = 'pwreset'
param logLevel string = 'info'
param graphEndpoint string = 'https://graph.microsoft.com'
@description('GRAPH_SCOPE: scope of the Graph token; empty derives it from graphEndpoint for the Graph clouds.')
param graphScope string = ''
param graphAuthorityHost string = 'https://login.microsoftonline.com'

@secure()
@minLength(44)
@description('LINK_ENCRYPTION_KEYS: base64 32-byte AES keys, comma-separated, newest first. Stored in Key Vault only.')
param linkEncryptionKeys string

@description('Purge protection keeps a deleted vault for the retention period; turn off only for throw-away environments.')
param keyVaultPurgeProtection bool = true

// Globally unique names are derived from the resource group so a re-deployment updates in place.
var suffix = uniqueString(resourceGroup().id, resourceBaseName)
var webAppName = '${resourceBaseName}-${suffix}'
var storageAccountName = toLower(take('st${replace(resourceBaseName, '-', '')}${suffix}', 24))
var keyVaultName = take('kv-${resourceBaseName}-${suffix}', 24)

// Built-in Azure role definitions (ids are the same in every tenant).
var roleStorageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var roleStorageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var roleKeyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

// --- Monitoring ---

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

// Workspace-based: requests, dependencies and the bot's log records land in the same workspace as the
// App Service logs (AppRequests, AppDependencies, AppTraces next to AppServiceConsoleLogs).
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// --- Storage: request state, locks, audit trail, one-time secrets (Table storage) ---

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // The bot reads a connection string today (kept in Key Vault); the data roles below let it move
    // to Entra-only access, after which shared keys can be switched off here.
    allowSharedKeyAccess: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roleStorageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, roleStorageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// --- Key Vault: the link-encryption keys and the storage connection string ---

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource linkKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'link-encryption-keys'
  properties: {
    value: linkEncryptionKeys
    contentType: 'base64 AES-256 keys, comma-separated, newest first'
  }
}

resource storageSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'storage-connection-string'
  properties: {
    // Built here from the account's own key, so no key is ever typed, logged or put in a parameter.
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
    contentType: 'Azure Storage connection string'
  }
}

resource keyVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, identity.id, roleKeyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleKeyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// --- Compute ---

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: webAppSku }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // Key Vault references are resolved with the user-assigned identity, not a system one.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // Plain Node on the compiled output: no tsx and no dev launcher at run time. Telemetry is
      // preloaded so its instrumentation is in place before restify, http and the Azure SDK load.
      // The old generation is capped at 128 MB: the bot's live heap is about 30 MB, and without a cap
      // V8 lets garbage pile up under load until the process passes 270 MB (README, "Performance").
      appCommandLine: 'node --max-old-space-size=128 --require ./dist/src/telemetryBootstrap.js dist/src/index.js'
      alwaysOn: true
      // Liveness, not readiness: App Service takes an instance that fails it out of rotation and
      // replaces it, which would not help during a storage or Entra outage (/readyz reports those).
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        // Deployment: the Toolkit zip-deploys a built package (node_modules and dist/ included).
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'NODE_ENV', value: 'production' }
        // Never anonymous in Azure: LOCAL_MODE accepts unauthenticated Bot Framework traffic.
        { name: 'LOCAL_MODE', value: 'false' }
        // Bot Framework: the managed identity is the bot's app id (no client secret exists).
        { name: 'BOT_ID', value: identity.properties.clientId }
        { name: 'BOT_TENANT_ID', value: identity.properties.tenantId }
        { name: 'BOT_TYPE', value: 'UserAssignedMSI' }
        // A managed identity gets tokens only in its own tenant, so the bot serves that tenant.
        { name: 'TENANT_ID', value: identity.properties.tenantId }
        // Microsoft Graph through the same managed identity.
        { name: 'GRAPH_AUTH', value: 'managed-identity' }
        { name: 'GRAPH_CLIENT_ID', value: identity.properties.clientId }
        { name: 'GRAPH_ENDPOINT', value: graphEndpoint }
        { name: 'GRAPH_SCOPE', value: graphScope }
        { name: 'GRAPH_AUTHORITY_HOST', value: graphAuthorityHost }
        // Mail and one-time links.
        { name: 'MAIL_SENDER', value: mailSender }
        { name: 'PASSWORD_DELIVERY', value: passwordDelivery }
        { name: 'HELPDESK_CONTACT', value: helpdeskContact }
        { name: 'RECIPIENT_DOMAINS', value: recipientDomains }
        { name: 'PUBLIC_URL', value: 'https://${webAppName}.azurewebsites.net' }
        { name: 'LINK_TTL_HOURS', value: linkTtlHours }
        { name: 'LINK_ENCRYPTION_KEYS', value: '@Microsoft.KeyVault(SecretUri=${linkKeysSecret.properties.secretUri})' }
        // Storage.
        { name: 'STORAGE_CONNECTION_STRING', value: '@Microsoft.KeyVault(SecretUri=${storageSecret.properties.secretUri})' }
        { name: 'STORAGE_TABLE_PREFIX', value: storageTablePrefix }
        // Limits.
        { name: 'RATE_LIMIT_REQUESTER_PER_HOUR', value: rateLimitRequesterPerHour }
        { name: 'RATE_LIMIT_TARGET_PER_DAY', value: rateLimitTargetPerDay }
        { name: 'REQUEST_TTL_MINUTES', value: requestTtlMinutes }
        { name: 'RECOVERY_AFTER_SECONDS', value: recoveryAfterSeconds }
        { name: 'RUN_CONCURRENCY', value: runConcurrency }
        { name: 'MAIL_CONCURRENCY', value: mailConcurrency }
        { name: 'GRAPH_TIMEOUT_SECONDS', value: graphTimeoutSeconds }
        { name: 'NOTIFY_USER', value: notifyUser }
        // Four-eyes approval for privileged users.
        { name: 'APPROVAL_FOR_ADMINS', value: approvalForAdmins }
        { name: 'APPROVAL_GROUP_IDS', value: approvalGroupIds }
        { name: 'APPROVAL_TTL_MINUTES', value: approvalTtlMinutes }
        { name: 'APPROVALS_CHANNEL_ID', value: approvalsChannelId }
        // Operations.
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
      ]
    }
  }
  // The references above resolve only once the identity may read the vault.
  dependsOn: [keyVaultRole, tableRole, blobRole, tableService, blobService]
}

// The App Service's own logs, kept in the workspace after the fact: the bot's stdout/stderr (one JSON
// line per log entry), the front end's HTTP log, and platform events (starts, restarts, health checks).
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: webApp
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

// --- Azure Bot: Bot Framework registration bound to the managed identity, Teams channel on ---

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: botServiceSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

// Outputs are written to env/.env.<name> by the Toolkit's arm/deploy step, under these exact names.
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output KEY_VAULT_NAME string = keyVault.name
output STORAGE_ACCOUNT_NAME string = storage.name
