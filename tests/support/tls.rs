//! HTTPS on loopback, for the tests and for the benchmark's fake (examples/fake_graph.rs
//! includes this file): a test CA made at run time, a TLS front that terminates TLS and
//! hands each request to the plain-http Meta stand-in, and a CONNECT proxy that records
//! everything it can read. Nothing here is in the release binary.
#![allow(dead_code)]

use rcgen::{BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const CA_NAME: &str = "wa-token test CA";

/// A certificate authority that exists only for this run.
pub struct TestCa {
    /// The CA certificate, PEM: what `SSL_CERT_FILE` names.
    pub pem: String,
    issuer: Issuer<'static, KeyPair>,
}

/// Which server certificate the front presents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leaf {
    /// For 127.0.0.1 and localhost, valid now.
    Valid,
    /// For 127.0.0.1 and localhost, expired on 2021-01-01.
    Expired,
    /// Valid now, but for `other.example` only.
    OtherName,
}

impl TestCa {
    pub fn new() -> TestCa {
        let key = KeyPair::generate().expect("a CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.distinguished_name = DistinguishedName::new();
        params.distinguished_name.push(DnType::CommonName, CA_NAME);
        params
            .distinguished_name
            .push(DnType::OrganizationName, "wa-token tests");
        let pem = params.self_signed(&key).expect("a self-signed CA").pem();
        TestCa {
            pem,
            issuer: Issuer::new(params, key),
        }
    }

    /// Write the CA certificate to `path` (PEM).
    pub fn write(&self, path: &std::path::Path) {
        std::fs::write(path, &self.pem).expect("write the CA certificate");
    }

    /// A server certificate and its key, signed by this CA.
    pub fn leaf(&self, leaf: Leaf) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let names = match leaf {
            Leaf::OtherName => vec!["other.example".to_string()],
            _ => vec!["127.0.0.1".to_string(), "localhost".to_string()],
        };
        let mut params = CertificateParams::new(names).expect("server parameters");
        params.distinguished_name = DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::CommonName, "wa-token test server");
        if leaf == Leaf::Expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let key = KeyPair::generate().expect("a server key");
        let cert = params
            .signed_by(&key, &self.issuer)
            .expect("a signed server certificate");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (vec![cert.der().clone()], key)
    }
}

/// `https://127.0.0.1:PORT` in front of a plain-http server: TLS ends here, and each
/// request (one per connection: `Connection: close` both ways) is
/// passed on and its answer passed back.
pub struct TlsFront {
    pub url: String,
    connections: Arc<AtomicUsize>,
}

impl TlsFront {
    /// `upstream` is the stand-in's `http://127.0.0.1:PORT`.
    pub fn start(ca: &TestCa, leaf: Leaf, upstream: &str) -> TlsFront {
        let (chain, key) = ca.leaf(leaf);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS 1.2 and 1.3")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("a server certificate");
        let config = Arc::new(config);
        let upstream = upstream.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("https://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let (config, upstream) = (config.clone(), upstream.clone());
                std::thread::spawn(move || {
                    let _ = relay(stream, config, &upstream);
                });
            }
        });
        TlsFront { url, connections }
    }

    /// How many connections were made to it (each is one handshake).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn relay(tcp: TcpStream, config: Arc<rustls::ServerConfig>, upstream: &str) -> std::io::Result<()> {
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let request = closing(&read_request(&mut tls)?);
    let mut plain = TcpStream::connect(upstream)?;
    plain.write_all(&request)?;
    let mut answer = Vec::new();
    plain.read_to_end(&mut answer)?;
    tls.write_all(&closing(&answer))?;
    tls.conn.send_close_notify();
    tls.flush()
}

/// The message with `Connection: close` as its only connection header: one exchange per
/// connection, both ways (the stand-in keeps connections alive unless told otherwise).
fn closing(message: &[u8]) -> Vec<u8> {
    let Some(head_end) = message.windows(4).position(|w| w == b"\r\n\r\n") else {
        return message.to_vec();
    };
    let head = String::from_utf8_lossy(&message[..head_end]);
    let mut out: String = head
        .split("\r\n")
        .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
        .map(|line| format!("{line}\r\n"))
        .collect();
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&message[head_end + 4..]);
    bytes
}

/// One HTTP/1.1 request: the head, then `Content-Length` bytes of body.
fn read_request(stream: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    Ok(data)
}

/// An HTTP proxy that tunnels with CONNECT and keeps everything it could read: the
/// request heads it received, and the bytes it carried from the client.
pub struct ConnectProxy {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    seen: Arc<Mutex<Vec<String>>>,
    carried: Arc<Mutex<Vec<u8>>>,
}

impl ConnectProxy {
    /// `credentials`: the `user:password` it demands (407 otherwise), if any.
    pub fn start(credentials: Option<&str>) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let carried = Arc::new(Mutex::new(Vec::new()));
        let expected = credentials.map(|c| format!("basic {}", base64(c.as_bytes())));
        let (s, c) = (seen.clone(), carried.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, c, expected) = (s.clone(), c.clone(), expected.clone());
                std::thread::spawn(move || {
                    let _ = tunnel(stream, &s, &c, expected.as_deref());
                });
            }
        });
        ConnectProxy { url, seen, carried }
    }

    /// The request heads received, one string each (request line and headers).
    pub fn heads(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    /// Everything the clients sent through the tunnels (TLS records: unreadable here).
    pub fn carried(&self) -> Vec<u8> {
        self.carried.lock().unwrap().clone()
    }
}

fn tunnel(
    client: TcpStream,
    seen: &Mutex<Vec<String>>,
    carried: &Arc<Mutex<Vec<u8>>>,
    expected: Option<&str>,
) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    seen.lock().unwrap().push(head.clone());
    let mut client = client;
    let Some(target) = head.strip_prefix("CONNECT ").and_then(|r| r.split_whitespace().next()) else {
        return client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
    };
    let authorized = expected.is_none_or(|want| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .any(|(k, v)| k.eq_ignore_ascii_case("proxy-authorization") && v.trim().eq_ignore_ascii_case(want))
    });
    if !authorized {
        return client.write_all(
            b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n",
        );
    }
    let server = TcpStream::connect(target)?;
    client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    // What the client already sent past the head is still in the reader's buffer.
    let early = reader.buffer().to_vec();
    carried.lock().unwrap().extend_from_slice(&early);
    let mut to_server = server.try_clone()?;
    to_server.write_all(&early)?;
    let (mut from_server, mut to_client) = (server, client.try_clone()?);
    let back = std::thread::spawn(move || {
        let _ = std::io::copy(&mut from_server, &mut to_client);
        let _ = to_client.shutdown(Shutdown::Write);
    });
    let mut buf = [0u8; 8192];
    let mut from_client = reader.into_inner();
    loop {
        let n = from_client.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        carried.lock().unwrap().extend_from_slice(&buf[..n]);
        if to_server.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to_server.shutdown(Shutdown::Write);
    let _ = back.join();
    Ok(())
}

/// Standard base64, for the expected `Proxy-Authorization`.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn base64_is_standard() {
    assert_eq!(base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert_eq!(base64(b"ab"), "YWI=");
}
