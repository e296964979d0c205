#!/usr/bin/env bash
# Grants the bot's managed identity what it needs in Microsoft Entra ID, idempotently:
#   1. its Microsoft Graph application permissions (app role assignments on the Graph service principal);
#   2. its one directory role, Privileged Authentication Administrator, tenant-wide (passwords and
#      Temporary Access Passes of every user the requesters' roles may reach);
#   3. prints the Exchange Online PowerShell that lets it send mail as the helpdesk mailbox only.
# Run it as a Privileged Role Administrator (or Global Administrator) after `atk provision`:
#   infra/grant-permissions.sh --env dev
#   infra/grant-permissions.sh --client-id <managed identity client id> --mail-sender helpdesk@contoso.com
# Options: --dry-run shows what would change; --entra-mail-send also grants Mail.Send tenant-wide in
# Entra ID (NOT recommended: then the app may send as ANY mailbox, and the Exchange scope cannot narrow it).
set -euo pipefail

GRAPH_APP_ID='00000003-0000-0000-c000-000000000000' # Microsoft Graph, the same in every tenant
PRIV_AUTH_ADMIN='7be44c8a-adaf-4e2a-84d6-ab2649e08a13' # Privileged Authentication Administrator (template id)
GRAPH='https://graph.microsoft.com/v1.0'

# What the code calls, and why (docs/DEPLOY.md has the full table).
PERMISSIONS=(
  'User.Read.All'                        # find the target and the requester; read otherMails, sync and guest flags
  'User-PasswordProfile.ReadWrite.All'   # PATCH passwordProfile: the reset itself (least privileged for it)
  'RoleManagement.Read.Directory'        # active role assignments, and the roles a target is PIM-eligible for
  'PrivilegedEligibilitySchedule.Read.AzureADGroup'  # PIM for Groups: eligible membership/ownership of role-assignable groups
  'GroupMember.Read.All'                 # group-based roles and role-assignable group membership
  'AdministrativeUnit.Read.All'          # administrative-unit scopes and restricted management units
  'Domain.Read.All'                      # tell federated users (federated domains) from cloud users
  'User.RevokeSessions.All'              # "sign the user out of all sessions"
  'UserAuthMethod-TAP.ReadWrite.All'     # POST temporaryAccessPassMethods: a Temporary Access Pass (least privileged)
  'Policy.Read.AuthenticationMethod'     # the tenant's Temporary Access Pass policy (lifetimes, one-time use, on/off)
)

env_name='' client_id='' mail_sender='' dry_run=false entra_mail_send=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env) env_name="$2"; shift 2 ;;
    --client-id) client_id="$2"; shift 2 ;;
    --mail-sender) mail_sender="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --entra-mail-send) entra_mail_send=true; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "Unknown option $1 (see --help)." >&2; exit 2 ;;
  esac
done

# Values from env/.env.<name> (written by provision) unless given on the command line.
if [[ -n "$env_name" ]]; then
  env_file="$(dirname "$0")/../env/.env.${env_name}"
  [[ -f "$env_file" ]] || { echo "$env_file does not exist: run provision for '$env_name' first." >&2; exit 1; }
  read_env() { sed -n "s/^$1=\\(.*\\)$/\\1/p" "$env_file" | tail -n 1 | tr -d '"'"'"; }
  [[ -n "$client_id" ]] || client_id="$(read_env BOT_ID)"
  [[ -n "$mail_sender" ]] || mail_sender="$(read_env MAIL_SENDER)"
fi
[[ -n "$client_id" ]] || { echo 'The managed identity client id is unknown: pass --env NAME or --client-id ID.' >&2; exit 1; }
command -v az >/dev/null || { echo 'The Azure CLI (az) is needed: https://aka.ms/azure-cli' >&2; exit 1; }
$entra_mail_send && PERMISSIONS+=('Mail.Send')

run() { # Runs a changing command, or only shows it with --dry-run.
  if $dry_run; then echo "  (dry run) $*"; else "$@" >/dev/null; fi
}

echo "Looking up the service principals..."
sp_id="$(az rest --method get --url "$GRAPH/servicePrincipals(appId='$client_id')?\$select=id" --query id -o tsv)"
graph_sp_id="$(az rest --method get --url "$GRAPH/servicePrincipals(appId='$GRAPH_APP_ID')?\$select=id" --query id -o tsv)"
echo "  bot identity: client id $client_id, object id $sp_id"

echo "Microsoft Graph application permissions:"
granted="$(az rest --method get --url "$GRAPH/servicePrincipals/$sp_id/appRoleAssignments?\$top=999" \
  --query "value[?resourceId=='$graph_sp_id'].appRoleId" -o tsv)"
for permission in "${PERMISSIONS[@]}"; do
  # App role ids are looked up by name, so nothing tenant- or cloud-specific is hard-coded.
  role_id="$(az rest --method get --url "$GRAPH/servicePrincipals/$graph_sp_id?\$select=appRoles" \
    --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  [[ -n "$role_id" ]] || { echo "  $permission: not found on Microsoft Graph in this cloud." >&2; exit 1; }
  if grep -qx "$role_id" <<<"$granted"; then
    echo "  $permission: already granted"
  else
    echo "  $permission: granting"
    run az rest --method post --url "$GRAPH/servicePrincipals/$sp_id/appRoleAssignments" \
      --headers 'Content-Type=application/json' \
      --body "{\"principalId\":\"$sp_id\",\"resourceId\":\"$graph_sp_id\",\"appRoleId\":\"$role_id\"}"
  fi
done

if ! $entra_mail_send; then
  mail_role_id="$(az rest --method get --url "$GRAPH/servicePrincipals/$graph_sp_id?\$select=appRoles" \
    --query "appRoles[?value=='Mail.Send' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)"
  if grep -qx "$mail_role_id" <<<"$granted"; then
    echo "  WARNING: Mail.Send is granted tenant-wide in Entra ID. Exchange RBAC for Applications adds to" >&2
    echo "  Entra grants and cannot narrow them, so this app may send as ANY mailbox. Remove that grant" >&2
    echo "  (Enterprise applications > the identity > Permissions) and use the Exchange scope below." >&2
  fi
fi

echo "Directory role Privileged Authentication Administrator (tenant-wide):"
existing="$(az rest --method get \
  --url "$GRAPH/roleManagement/directory/roleAssignments?\$filter=principalId eq '$sp_id' and roleDefinitionId eq '$PRIV_AUTH_ADMIN'" \
  --query "value[?directoryScopeId=='/'] | length(@)" -o tsv)"
if [[ "$existing" != "0" ]]; then
  echo "  already assigned"
else
  echo "  assigning"
  run az rest --method post --url "$GRAPH/roleManagement/directory/roleAssignments" \
    --headers 'Content-Type=application/json' \
    --body "{\"principalId\":\"$sp_id\",\"roleDefinitionId\":\"$PRIV_AUTH_ADMIN\",\"directoryScopeId\":\"/\"}"
fi

sender="${mail_sender:-helpdesk@contoso.com}"
cat <<EOF

Next, in Exchange Online PowerShell as an Exchange administrator (Organization Management), let the
identity send mail as ${sender} and nothing else (RBAC for Applications; the "Application Mail.Send" role):

  Connect-ExchangeOnline
  # A pointer to the identity's service principal (skip if Get-ServicePrincipal already lists it):
  New-ServicePrincipal -AppId ${client_id} -ObjectId ${sp_id} -DisplayName "Password Reset Bot"
  # A scope holding the helpdesk mailbox only:
  New-ManagementScope -Name "Password Reset Bot sender" -RecipientRestrictionFilter "PrimarySmtpAddress -eq '${sender}'"
  # Mail.Send, limited to that scope:
  New-ManagementRoleAssignment -Name "Password Reset Bot Mail.Send" -App ${sp_id} -Role "Application Mail.Send" -CustomResourceScope "Password Reset Bot sender"
  # Check: InScope must be True for the helpdesk mailbox and False for any other.
  Test-ServicePrincipalAuthorization -Identity ${sp_id} -Resource ${sender}

Exchange Online caches app permissions: a new assignment can take a while before mail sending works.
EOF
