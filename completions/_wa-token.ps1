
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'wa-token' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'wa-token'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'wa-token' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format, for check (--json is short for --format json)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'More targets, one env-file path or store URI a line (''-'': standard input); blank lines and # comments are skipped')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'At most N targets at once, sharing one connection pool [default: 16]')
            [CompletionResult]::new('--rate-limit-wait', '--rate-limit-wait', [CompletionResultType]::ParameterName, 'When Meta''s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Is the token valid right now, and when does it expire?')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Everything about the token: type, app, permissions, phone number, business account')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Validate a new token, then replace it in the env file without touching anything else')
            [CompletionResult]::new('send-test', 'send-test', [CompletionResultType]::ParameterValue, 'Send one test message to prove delivery works')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run the troubleshooting checklist and say what to fix')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Renew an expiring token through Meta''s token exchange and write it like rotate')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Generate a fresh system-user token through Meta''s API and write it like rotate')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token at Meta (one that leaked, or the one the env file holds)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Play the whole story on this machine: an expired token found, explained, replaced and proven, against a built-in stand-in for Meta (no account, no network)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (roff): wa-token(1), or a subcommand''s wa-token-COMMAND(1)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wa-token;check' {
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'Warn (exit 3) when the token expires within this many days')
            [CompletionResult]::new('--critical-days', '--critical-days', [CompletionResultType]::ParameterName, 'Nagios: critical when the token expires within this many days')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Warn (exit 3, status too_old) when the token was issued more than DAYS ago')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (--json is short for --format json)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'More targets, one env-file path or store URI a line (''-'': standard input); blank lines and # comments are skipped')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'At most N targets at once, sharing one connection pool [default: 16]')
            [CompletionResult]::new('--rate-limit-wait', '--rate-limit-wait', [CompletionResultType]::ParameterName, 'When Meta''s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;inspect' {
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'Warn (exit 3) when the token expires within this many days')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'More targets, one env-file path or store URI a line (''-'': standard input); blank lines and # comments are skipped')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'At most N targets at once, sharing one connection pool [default: 16]')
            [CompletionResult]::new('--rate-limit-wait', '--rate-limit-wait', [CompletionResultType]::ParameterName, 'When Meta''s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]')
            [CompletionResult]::new('--show-token', '--show-token', [CompletionResultType]::ParameterName, 'Print the whole token (the only command that ever does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;rotate' {
            [CompletionResult]::new('--restart', '--restart', [CompletionResultType]::ParameterName, 'Run this command through `sh -c` after a successful write')
            [CompletionResult]::new('--verify-url', '--verify-url', [CompletionResultType]::ParameterName, 'After the write (and --restart), poll this URL of the app until it shows the new token')
            [CompletionResult]::new('--verify-wait', '--verify-wait', [CompletionResultType]::ParameterName, 'Seconds to wait for --verify-url before giving up (exit 5)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the new token from standard input instead of a hidden prompt')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the change (tokens masked) and write nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write even if validation rejects the new token')
            [CompletionResult]::new('--no-backup', '--no-backup', [CompletionResultType]::ParameterName, 'Do not keep the previous file as <env file>.bak')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create the env file (mode 0600) or the --store secret when it does not exist')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;send-test' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Recipient phone number, with country code [env: WHATSAPP_TEST_RECIPIENT]')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Approved template to send')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Template language code')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Send a text message instead (delivered only inside the 24-hour window)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;doctor' {
            [CompletionResult]::new('--warn-days', '--warn-days', [CompletionResultType]::ParameterName, 'Warn when the token expires within this many days')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;refresh' {
            [CompletionResult]::new('--if-expiring-within', '--if-expiring-within', [CompletionResultType]::ParameterName, 'Only renew when the token expires within this many days')
            [CompletionResult]::new('--restart', '--restart', [CompletionResultType]::ParameterName, 'Run this command through `sh -c` after a successful write')
            [CompletionResult]::new('--verify-url', '--verify-url', [CompletionResultType]::ParameterName, 'After the write (and --restart), poll this URL of the app until it shows the new token')
            [CompletionResult]::new('--verify-wait', '--verify-wait', [CompletionResultType]::ParameterName, 'Seconds to wait for --verify-url before giving up (exit 5)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would happen; do not call the exchange (it mints a token at Meta)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-backup', '--no-backup', [CompletionResultType]::ParameterName, 'Do not keep the previous file as <env file>.bak')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;mint' {
            [CompletionResult]::new('--system-user-id', '--system-user-id', [CompletionResultType]::ParameterName, 'The system user to mint for [default: the current token''s user_id]')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Permissions to grant, comma-separated; both WhatsApp permissions are required [default: whatsapp_business_messaging,whatsapp_business_management]')
            [CompletionResult]::new('--if-expiring-within', '--if-expiring-within', [CompletionResultType]::ParameterName, 'Only mint when the current token expires within this many days')
            [CompletionResult]::new('--restart', '--restart', [CompletionResultType]::ParameterName, 'Run this command through `sh -c` after a successful write')
            [CompletionResult]::new('--verify-url', '--verify-url', [CompletionResultType]::ParameterName, 'After the write (and --restart), poll this URL of the app until it shows the new token')
            [CompletionResult]::new('--verify-wait', '--verify-wait', [CompletionResultType]::ParameterName, 'Seconds to wait for --verify-url before giving up (exit 5)')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--admin-token-stdin', '--admin-token-stdin', [CompletionResultType]::ParameterName, 'Mint with an admin''s (or admin system user''s) token read from standard input')
            [CompletionResult]::new('--permanent', '--permanent', [CompletionResultType]::ParameterName, 'Mint a token that never expires (default: the current token''s kind)')
            [CompletionResult]::new('--expiring', '--expiring', [CompletionResultType]::ParameterName, 'Mint a 60-day token (default: the current token''s kind)')
            [CompletionResult]::new('--revoke-old', '--revoke-old', [CompletionResultType]::ParameterName, 'After the write, the restart and the proof, revoke the old token and confirm it dead')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would happen; mint nothing and write nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--no-backup', '--no-backup', [CompletionResultType]::ParameterName, 'Do not keep the previous file as <env file>.bak')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create the env file (mode 0600) or the --store secret when it does not exist')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;revoke' {
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several')
            [CompletionResult]::new('--token-var', '--token-var', [CompletionResultType]::ParameterName, 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]')
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]')
            [CompletionResult]::new('--graph-url', '--graph-url', [CompletionResultType]::ParameterName, 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]')
            [CompletionResult]::new('--graph-version', '--graph-version', [CompletionResultType]::ParameterName, 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured) [default: auto]')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token to revoke from standard input (never the one the env file holds)')
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'Revoke the token the env file holds: the bot stops working until it has a new one')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (--current)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (--current)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of human output')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print each request (method and path, never a token) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;demo' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the demo''s directory (its .env, backup and new token) and say where')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object: each step''s command, exit code and JSON result')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;man' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'wa-token;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Is the token valid right now, and when does it expire?')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Everything about the token: type, app, permissions, phone number, business account')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Validate a new token, then replace it in the env file without touching anything else')
            [CompletionResult]::new('send-test', 'send-test', [CompletionResultType]::ParameterValue, 'Send one test message to prove delivery works')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run the troubleshooting checklist and say what to fix')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Renew an expiring token through Meta''s token exchange and write it like rotate')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Generate a fresh system-user token through Meta''s API and write it like rotate')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token at Meta (one that leaked, or the one the env file holds)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Play the whole story on this machine: an expired token found, explained, replaced and proven, against a built-in stand-in for Meta (no account, no network)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (roff): wa-token(1), or a subcommand''s wa-token-COMMAND(1)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'wa-token;help;check' {
            break
        }
        'wa-token;help;inspect' {
            break
        }
        'wa-token;help;rotate' {
            break
        }
        'wa-token;help;send-test' {
            break
        }
        'wa-token;help;doctor' {
            break
        }
        'wa-token;help;refresh' {
            break
        }
        'wa-token;help;mint' {
            break
        }
        'wa-token;help;revoke' {
            break
        }
        'wa-token;help;demo' {
            break
        }
        'wa-token;help;completions' {
            break
        }
        'wa-token;help;man' {
            break
        }
        'wa-token;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
