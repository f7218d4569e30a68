# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_wa_token_global_optspecs
    string join \n env-file= store= token-var= phone-number-id= graph-url= graph-version= timeout= color= json v/verbose format= targets-from= jobs= rate-limit-wait= h/help V/version
end

function __fish_wa_token_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_wa_token_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_wa_token_using_subcommand
    set -l cmd (__fish_wa_token_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c wa-token -n "__fish_wa_token_needs_command" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_needs_command" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_needs_command" -l format -d 'Output format, for check (--json is short for --format json)' -r -f -a "human\t'Lines for people'
json\t'One JSON object'
nagios\t'A Nagios/Icinga plugin line with perfdata, and the plugin exit codes'
prometheus\t'Prometheus text exposition, for node_exporter\'s textfile collector'"
complete -c wa-token -n "__fish_wa_token_needs_command" -l targets-from -d 'More targets, one env-file path or store URI a line (\'-\': standard input); blank lines and # comments are skipped' -r -F
complete -c wa-token -n "__fish_wa_token_needs_command" -l jobs -d 'At most N targets at once, sharing one connection pool [default: 16]' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l rate-limit-wait -d 'When Meta\'s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]' -r
complete -c wa-token -n "__fish_wa_token_needs_command" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_needs_command" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-token -n "__fish_wa_token_needs_command" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "check" -d 'Is the token valid right now, and when does it expire?'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "inspect" -d 'Everything about the token: type, app, permissions, phone number, business account'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "rotate" -d 'Validate a new token, then replace it in the env file without touching anything else'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "send-test" -d 'Send one test message to prove delivery works'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "doctor" -d 'Run the troubleshooting checklist and say what to fix'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "refresh" -d 'Renew an expiring token through Meta\'s token exchange and write it like rotate'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "mint" -d 'Generate a fresh system-user token through Meta\'s API and write it like rotate'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "revoke" -d 'Revoke a token at Meta (one that leaked, or the one the env file holds)'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "demo" -d 'Play the whole story on this machine: an expired token found, explained, replaced and proven, against a built-in stand-in for Meta (no account, no network)'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "man" -d 'Print a manual page (roff): wa-token(1), or a subcommand\'s wa-token-COMMAND(1)'
complete -c wa-token -n "__fish_wa_token_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l warn-days -d 'Warn (exit 3) when the token expires within this many days' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l critical-days -d 'Nagios: critical when the token expires within this many days' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l max-age -d 'Warn (exit 3, status too_old) when the token was issued more than DAYS ago' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l format -d 'Output format (--json is short for --format json)' -r -f -a "human\t'Lines for people'
json\t'One JSON object'
nagios\t'A Nagios/Icinga plugin line with perfdata, and the plugin exit codes'
prometheus\t'Prometheus text exposition, for node_exporter\'s textfile collector'"
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l targets-from -d 'More targets, one env-file path or store URI a line (\'-\': standard input); blank lines and # comments are skipped' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l jobs -d 'At most N targets at once, sharing one connection pool [default: 16]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l rate-limit-wait -d 'When Meta\'s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wa-token -n "__fish_wa_token_using_subcommand check" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l warn-days -d 'Warn (exit 3) when the token expires within this many days' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l targets-from -d 'More targets, one env-file path or store URI a line (\'-\': standard input); blank lines and # comments are skipped' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l jobs -d 'At most N targets at once, sharing one connection pool [default: 16]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l rate-limit-wait -d 'When Meta\'s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l show-token -d 'Print the whole token (the only command that ever does)'
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l restart -d 'Run this command through `sh -c` after a successful write' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l verify-url -d 'After the write (and --restart), poll this URL of the app until it shows the new token' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l verify-wait -d 'Seconds to wait for --verify-url before giving up (exit 5)' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l token-stdin -d 'Read the new token from standard input instead of a hidden prompt'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l dry-run -d 'Show the change (tokens masked) and write nothing'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l force -d 'Write even if validation rejects the new token'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l no-backup -d 'Do not keep the previous file as <env file>.bak'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l create -d 'Create the env file (mode 0600) or the --store secret when it does not exist'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -s y -l yes -d 'Do not ask for confirmation'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand rotate" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l to -d 'Recipient phone number, with country code [env: WHATSAPP_TEST_RECIPIENT]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l template -d 'Approved template to send' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l lang -d 'Template language code' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l text -d 'Send a text message instead (delivered only inside the 24-hour window)' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand send-test" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l warn-days -d 'Warn when the token expires within this many days' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l if-expiring-within -d 'Only renew when the token expires within this many days' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l restart -d 'Run this command through `sh -c` after a successful write' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l verify-url -d 'After the write (and --restart), poll this URL of the app until it shows the new token' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l verify-wait -d 'Seconds to wait for --verify-url before giving up (exit 5)' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l dry-run -d 'Say what would happen; do not call the exchange (it mints a token at Meta)'
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -s y -l yes -d 'Do not ask for confirmation'
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l no-backup -d 'Do not keep the previous file as <env file>.bak'
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand refresh" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l system-user-id -d 'The system user to mint for [default: the current token\'s user_id]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l scope -d 'Permissions to grant, comma-separated; both WhatsApp permissions are required [default: whatsapp_business_messaging,whatsapp_business_management]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l if-expiring-within -d 'Only mint when the current token expires within this many days' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l restart -d 'Run this command through `sh -c` after a successful write' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l verify-url -d 'After the write (and --restart), poll this URL of the app until it shows the new token' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l verify-wait -d 'Seconds to wait for --verify-url before giving up (exit 5)' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l admin-token-stdin -d 'Mint with an admin\'s (or admin system user\'s) token read from standard input'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l permanent -d 'Mint a token that never expires (default: the current token\'s kind)'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l expiring -d 'Mint a 60-day token (default: the current token\'s kind)'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l revoke-old -d 'After the write, the restart and the proof, revoke the old token and confirm it dead'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l dry-run -d 'Say what would happen; mint nothing and write nothing'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -s y -l yes -d 'Do not ask for confirmation'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l no-backup -d 'Do not keep the previous file as <env file>.bak'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l create -d 'Create the env file (mode 0600) or the --store secret when it does not exist'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand mint" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l env-file -d 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]' -r -F
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l store -d 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l token-var -d 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l phone-number-id -d 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l graph-url -d 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l graph-version -d 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l timeout -d 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]' -r
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l color -d 'When to use colour (NO_COLOR is honoured) [default: auto]' -r -f -a "auto\t''
always\t''
never\t''"
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l token-stdin -d 'Read the token to revoke from standard input (never the one the env file holds)'
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l current -d 'Revoke the token the env file holds: the bot stops working until it has a new one'
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -s y -l yes -d 'Do not ask for confirmation (--current)'
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -l json -d 'Print one JSON object on stdout instead of human output'
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -s v -l verbose -d 'Print each request (method and path, never a token) on stderr'
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand demo" -l keep -d 'Keep the demo\'s directory (its .env, backup and new token) and say where'
complete -c wa-token -n "__fish_wa_token_using_subcommand demo" -l json -d 'Print one JSON object: each step\'s command, exit code and JSON result'
complete -c wa-token -n "__fish_wa_token_using_subcommand demo" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand demo" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand completions" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand completions" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand man" -s h -l help -d 'Print help'
complete -c wa-token -n "__fish_wa_token_using_subcommand man" -s V -l version -d 'Print version'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "check" -d 'Is the token valid right now, and when does it expire?'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "inspect" -d 'Everything about the token: type, app, permissions, phone number, business account'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "rotate" -d 'Validate a new token, then replace it in the env file without touching anything else'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "send-test" -d 'Send one test message to prove delivery works'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "doctor" -d 'Run the troubleshooting checklist and say what to fix'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "refresh" -d 'Renew an expiring token through Meta\'s token exchange and write it like rotate'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "mint" -d 'Generate a fresh system-user token through Meta\'s API and write it like rotate'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "revoke" -d 'Revoke a token at Meta (one that leaked, or the one the env file holds)'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "demo" -d 'Play the whole story on this machine: an expired token found, explained, replaced and proven, against a built-in stand-in for Meta (no account, no network)'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "man" -d 'Print a manual page (roff): wa-token(1), or a subcommand\'s wa-token-COMMAND(1)'
complete -c wa-token -n "__fish_wa_token_using_subcommand help; and not __fish_seen_subcommand_from check inspect rotate send-test doctor refresh mint revoke demo completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
