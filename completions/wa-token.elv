
use builtin;
use str;

set edit:completion:arg-completer[wa-token] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'wa-token'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'wa-token'= {
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --format 'Output format, for check (--json is short for --format json)'
            cand --targets-from 'More targets, one env-file path or store URI a line (''-'': standard input); blank lines and # comments are skipped'
            cand --jobs 'At most N targets at once, sharing one connection pool [default: 16]'
            cand --rate-limit-wait 'When Meta''s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Is the token valid right now, and when does it expire?'
            cand inspect 'Everything about the token: type, app, permissions, phone number, business account'
            cand rotate 'Validate a new token, then replace it in the env file without touching anything else'
            cand send-test 'Send one test message to prove delivery works'
            cand doctor 'Run the troubleshooting checklist and say what to fix'
            cand refresh 'Renew an expiring token through Meta''s token exchange and write it like rotate'
            cand mint 'Generate a fresh system-user token through Meta''s API and write it like rotate'
            cand revoke 'Revoke a token at Meta (one that leaked, or the one the env file holds)'
            cand demo 'Play the whole story on this machine: an expired token found, explained, replaced and proven, against a built-in stand-in for Meta (no account, no network)'
            cand completions 'Print a shell completion script'
            cand man 'Print a manual page (roff): wa-token(1), or a subcommand''s wa-token-COMMAND(1)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'wa-token;check'= {
            cand --warn-days 'Warn (exit 3) when the token expires within this many days'
            cand --critical-days 'Nagios: critical when the token expires within this many days'
            cand --max-age 'Warn (exit 3, status too_old) when the token was issued more than DAYS ago'
            cand --format 'Output format (--json is short for --format json)'
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --targets-from 'More targets, one env-file path or store URI a line (''-'': standard input); blank lines and # comments are skipped'
            cand --jobs 'At most N targets at once, sharing one connection pool [default: 16]'
            cand --rate-limit-wait 'When Meta''s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;inspect'= {
            cand --warn-days 'Warn (exit 3) when the token expires within this many days'
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --targets-from 'More targets, one env-file path or store URI a line (''-'': standard input); blank lines and # comments are skipped'
            cand --jobs 'At most N targets at once, sharing one connection pool [default: 16]'
            cand --rate-limit-wait 'When Meta''s usage headers ask to slow down, wait at most SECS in all; targets still waiting end rate-limited (exit 4) [default: 120]'
            cand --show-token 'Print the whole token (the only command that ever does)'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;rotate'= {
            cand --restart 'Run this command through `sh -c` after a successful write'
            cand --verify-url 'After the write (and --restart), poll this URL of the app until it shows the new token'
            cand --verify-wait 'Seconds to wait for --verify-url before giving up (exit 5)'
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --token-stdin 'Read the new token from standard input instead of a hidden prompt'
            cand --dry-run 'Show the change (tokens masked) and write nothing'
            cand --force 'Write even if validation rejects the new token'
            cand --no-backup 'Do not keep the previous file as <env file>.bak'
            cand --create 'Create the env file (mode 0600) or the --store secret when it does not exist'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;send-test'= {
            cand --to 'Recipient phone number, with country code [env: WHATSAPP_TEST_RECIPIENT]'
            cand --template 'Approved template to send'
            cand --lang 'Template language code'
            cand --text 'Send a text message instead (delivered only inside the 24-hour window)'
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;doctor'= {
            cand --warn-days 'Warn when the token expires within this many days'
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;refresh'= {
            cand --if-expiring-within 'Only renew when the token expires within this many days'
            cand --restart 'Run this command through `sh -c` after a successful write'
            cand --verify-url 'After the write (and --restart), poll this URL of the app until it shows the new token'
            cand --verify-wait 'Seconds to wait for --verify-url before giving up (exit 5)'
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --dry-run 'Say what would happen; do not call the exchange (it mints a token at Meta)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-backup 'Do not keep the previous file as <env file>.bak'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;mint'= {
            cand --system-user-id 'The system user to mint for [default: the current token''s user_id]'
            cand --scope 'Permissions to grant, comma-separated; both WhatsApp permissions are required [default: whatsapp_business_messaging,whatsapp_business_management]'
            cand --if-expiring-within 'Only mint when the current token expires within this many days'
            cand --restart 'Run this command through `sh -c` after a successful write'
            cand --verify-url 'After the write (and --restart), poll this URL of the app until it shows the new token'
            cand --verify-wait 'Seconds to wait for --verify-url before giving up (exit 5)'
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --admin-token-stdin 'Mint with an admin''s (or admin system user''s) token read from standard input'
            cand --permanent 'Mint a token that never expires (default: the current token''s kind)'
            cand --expiring 'Mint a 60-day token (default: the current token''s kind)'
            cand --revoke-old 'After the write, the restart and the proof, revoke the old token and confirm it dead'
            cand --dry-run 'Say what would happen; mint nothing and write nothing'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --no-backup 'Do not keep the previous file as <env file>.bak'
            cand --create 'Create the env file (mode 0600) or the --store secret when it does not exist'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;revoke'= {
            cand --env-file 'Env file to read (and, for rotate, to rewrite); check and inspect take several [env: WA_TOKEN_ENV_FILE] [default: .env]'
            cand --store 'Secret store holding the variables instead of an env file: vault://MOUNT/PATH or k8s://NAMESPACE/NAME[?context=CONTEXT]; check and inspect take several'
            cand --token-var 'Name of the token variable [env: WA_TOKEN_VAR] [default: WHATSAPP_API_TOKEN]'
            cand --phone-number-id 'The phone-number ID to use [env: WHATSAPP_PHONE_NUMBER_ID]'
            cand --graph-url 'Graph API base URL [env: WA_TOKEN_GRAPH_URL] [default: https://graph.facebook.com]'
            cand --graph-version 'Graph API version, like v25.0 [env: WA_TOKEN_GRAPH_VERSION] [default: v25.0]'
            cand --timeout 'Seconds before a request is abandoned [env: WA_TOKEN_TIMEOUT] [default: 20]'
            cand --color 'When to use colour (NO_COLOR is honoured) [default: auto]'
            cand --token-stdin 'Read the token to revoke from standard input (never the one the env file holds)'
            cand --current 'Revoke the token the env file holds: the bot stops working until it has a new one'
            cand -y 'Do not ask for confirmation (--current)'
            cand --yes 'Do not ask for confirmation (--current)'
            cand --json 'Print one JSON object on stdout instead of human output'
            cand -v 'Print each request (method and path, never a token) on stderr'
            cand --verbose 'Print each request (method and path, never a token) on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;demo'= {
            cand --keep 'Keep the demo''s directory (its .env, backup and new token) and say where'
            cand --json 'Print one JSON object: each step''s command, exit code and JSON result'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;man'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'wa-token;help'= {
            cand check 'Is the token valid right now, and when does it expire?'
            cand inspect 'Everything about the token: type, app, permissions, phone number, business account'
            cand rotate 'Validate a new token, then replace it in the env file without touching anything else'
            cand send-test 'Send one test message to prove delivery works'
            cand doctor 'Run the troubleshooting checklist and say what to fix'
            cand refresh 'Renew an expiring token through Meta''s token exchange and write it like rotate'
            cand mint 'Generate a fresh system-user token through Meta''s API and write it like rotate'
            cand revoke 'Revoke a token at Meta (one that leaked, or the one the env file holds)'
            cand demo 'Play the whole story on this machine: an expired token found, explained, replaced and proven, against a built-in stand-in for Meta (no account, no network)'
            cand completions 'Print a shell completion script'
            cand man 'Print a manual page (roff): wa-token(1), or a subcommand''s wa-token-COMMAND(1)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'wa-token;help;check'= {
        }
        &'wa-token;help;inspect'= {
        }
        &'wa-token;help;rotate'= {
        }
        &'wa-token;help;send-test'= {
        }
        &'wa-token;help;doctor'= {
        }
        &'wa-token;help;refresh'= {
        }
        &'wa-token;help;mint'= {
        }
        &'wa-token;help;revoke'= {
        }
        &'wa-token;help;demo'= {
        }
        &'wa-token;help;completions'= {
        }
        &'wa-token;help;man'= {
        }
        &'wa-token;help;help'= {
        }
    ]
    $completions[$command]
}
