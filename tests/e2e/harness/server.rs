//! A tiny static file server for built bundles, on an ephemeral loopback port.
//! It lives until the test process ends (one thread per connection, GET and HEAD only).
//!
//! Each bundle is mounted at a path prefix (`/` for the playground's dist/ by default,
//! `/some/path/` for the sub-path story, two prefixes for the load measurement); a request outside
//! every prefix gets 404, so an absolute URL in a bundle mounted below `/` fails to load, as it would
//! on a static host. Like static hosts, it answers with gzip (`Content-Encoding: gzip`, `gzip -9`)
//! when the client accepts it, and with `Cache-Control: no-store`, so every load is a cold one.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A bundle folder served at a prefix that starts and ends with `/`.
#[derive(Clone, Debug)]
pub struct Mount {
    pub prefix: String,
    pub root: PathBuf,
}

impl Mount {
    pub fn new(prefix: &str, root: PathBuf) -> Self {
        let mut prefix = format!("/{}", prefix.trim_matches('/'));
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        Self { prefix, root }
    }
}

pub struct StaticServer {
    port: u16,
}

impl StaticServer {
    pub fn start(mounts: Vec<Mount>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the static server");
        let port = listener.local_addr().expect("a local address").port();
        let mounts = Arc::new(mounts);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mounts = Arc::clone(&mounts);
                std::thread::spawn(move || {
                    let _ = serve(stream, &mounts);
                });
            }
        });
        Self { port }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|extension| extension.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

enum Resolved {
    File(PathBuf),
    /// The prefix without its trailing slash: redirect to it with the slash, as static hosts do.
    Redirect(String),
    NotFound,
}

/// Map a request path onto a file under the mount whose prefix it starts with (the longest);
/// the prefix itself and extensionless paths below it get that mount's index.html.
fn resolve(mounts: &[Mount], request_path: &str) -> Resolved {
    let path = request_path.split(['?', '#']).next().unwrap_or("/");
    if let Some(mount) = mounts.iter().find(|mount| mount.prefix.len() > 1 && path == mount.prefix.trim_end_matches('/')) {
        return Resolved::Redirect(mount.prefix.clone());
    }
    let Some(mount) = mounts.iter().filter(|mount| path.starts_with(&mount.prefix)).max_by_key(|mount| mount.prefix.len()) else {
        return Resolved::NotFound;
    };
    let relative = Path::new(&path[mount.prefix.len()..]);
    if relative.components().any(|component| !matches!(component, Component::Normal(_))) {
        return Resolved::NotFound;
    }
    let candidate = mount.root.join(relative);
    if candidate.is_file() {
        return Resolved::File(candidate);
    }
    if relative.extension().is_none() {
        return Resolved::File(mount.root.join("index.html"));
    }
    Resolved::NotFound
}

/// `gzip -9 -n` of a file, computed once per file (and size and modification time) per process.
fn gzipped(file: &Path, body: &[u8]) -> Option<Arc<Vec<u8>>> {
    type Key = (PathBuf, u64, Option<std::time::SystemTime>);
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Vec<u8>>>>> = OnceLock::new();
    let metadata = std::fs::metadata(file).ok()?;
    let key = (file.to_path_buf(), metadata.len(), metadata.modified().ok());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok()?.get(&key) {
        return Some(Arc::clone(hit));
    }
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = body.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !output.status.success() {
        return None;
    }
    let compressed = Arc::new(output.stdout);
    cache.lock().ok()?.insert(key, Arc::clone(&compressed));
    Some(compressed)
}

fn serve(stream: TcpStream, mounts: &[Mount]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut accepts_gzip = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") && value.to_ascii_lowercase().contains("gzip") {
                accepts_gzip = true;
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return stream.write_all(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
    let file = match resolve(mounts, target) {
        Resolved::File(file) => file,
        Resolved::Redirect(location) => {
            return write!(
                stream,
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
        Resolved::NotFound => return stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
    let Ok(body) = std::fs::read(&file) else {
        return stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    };
    let compressed = if accepts_gzip { gzipped(&file, &body) } else { None };
    let (encoding, body): (&str, &[u8]) = match &compressed {
        Some(gz) => ("Content-Encoding: gzip\r\n", gz.as_slice()),
        None => ("", &body),
    };
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\n{encoding}Vary: Accept-Encoding\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    )?;
    if method == "GET" {
        stream.write_all(body)?;
    }
    stream.flush()
}
