//! A chromedriver process on a free loopback port, shut down politely when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const START_TIMEOUT: Duration = Duration::from_secs(20);
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

pub struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    /// Start $CHROMEDRIVER (or `chromedriver` from PATH) and wait until it reports ready.
    pub fn start(story: &str) -> Self {
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let log = super::target_subdir("e2e").join(format!("chromedriver-{story}.log"));
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!("could not start `{binary}` ({error}): install chromedriver or set CHROMEDRIVER (bash scripts/setup does)")
            });
        let driver = Self { child, port };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(body) = http_get(port, "/status") {
                if body.contains("\"ready\":true") || body.contains("\"ready\": true") {
                    return driver;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not become ready on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

/// POST `body` (JSON) to chromedriver's `path`, for the commands fantoccini has no call for
/// (network conditions, Chrome DevTools Protocol commands); returns the response's `value`.
pub fn post(port: u16, path: &str, body: &serde_json::Value) -> Result<serde_json::Value, String> {
    let mut stream =
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2)).map_err(|error| error.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|error| error.to_string())?;
    let body = body.to_string();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|error| error.to_string())?;
    // chromedriver keeps the connection open whatever the request says: read up to Content-Length.
    let mut response = Vec::new();
    let mut buffer = [0u8; 8192];
    let (head, body) = loop {
        let n = stream.read(&mut buffer).map_err(|error| format!("reading chromedriver's answer to {path}: {error}"))?;
        response.extend_from_slice(&buffer[..n]);
        let text = String::from_utf8_lossy(&response).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| line.split_once(':').filter(|(name, _)| name.trim().eq_ignore_ascii_case("content-length")))
                .and_then(|(_, value)| value.trim().parse::<usize>().ok());
            if n == 0 || length.is_some_and(|length| body.len() >= length) {
                break (head.to_string(), body.to_string());
            }
        }
        if n == 0 {
            return Err(format!("chromedriver's answer to {path} has no body"));
        }
    };
    let json: serde_json::Value =
        serde_json::from_str(body.trim()).map_err(|error| format!("chromedriver's answer to {path}: {error}: {body}"))?;
    let value = json.get("value").cloned().unwrap_or(serde_json::Value::Null);
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!("chromedriver refused {path}: {value}"));
    }
    Ok(value)
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // Asking first lets chromedriver close its Chromium processes; a bare kill leaks them.
        let _ = http_get(self.port, "/shutdown");
        let deadline = Instant::now() + SHUTDOWN_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
    listener.local_addr().expect("a local address").port()
}

/// A minimal HTTP/1.1 GET on loopback; the body, or None when nothing answers.
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => response.extend_from_slice(&buffer[..n]),
        }
    }
    let response = String::from_utf8_lossy(&response);
    response.split_once("\r\n\r\n").map(|(_, body)| body.to_string())
}
