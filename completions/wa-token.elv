
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
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page (roff)'
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
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page (roff)'
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
        &'wa-token;help;completions'= {
        }
        &'wa-token;help;man'= {
        }
        &'wa-token;help;help'= {
        }
    ]
    $completions[$command]
}
