//! The fake Bot API's HTTP/1.1 layer on `std::net`: keep-alive, `Content-Length` and chunked
//! request bodies, JSON, form and multipart parameters.

use super::calls::{Outcome, handle_call};
use super::*;

pub(super) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let conn_shared = Arc::clone(&shared);
                let spawned = thread::Builder::new()
                    .name("fake-api-conn".to_owned())
                    .spawn(move || serve_connection(stream, conn_shared));
                if let Ok(handle) = spawned {
                    let mut threads = lock(&shared.conn_threads);
                    threads.retain(|h| !h.is_finished());
                    threads.push(handle);
                }
            }
            Err(_) => thread::sleep(Duration::from_millis(5)),
        }
    }
}

pub(super) struct Request {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    close: bool,
}

impl Request {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub(super) struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
    shared: Arc<Shared>,
}

impl Connection {
    /// Reads more bytes into `buf`; `Err` when the peer closed, the server stops, the deadline
    /// passes or the socket fails.
    pub(super) fn fill(&mut self, deadline: Instant) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if self.shared.stop.load(Ordering::SeqCst) {
                return Err(io::Error::other("server stopped"));
            }
            if Instant::now() >= deadline {
                return Err(io::ErrorKind::TimedOut.into());
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    if self.buf.len() + n > MAX_REQUEST_BYTES {
                        return Err(io::Error::other("request too large"));
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                            | io::ErrorKind::Interrupted
                    ) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes one "\r\n"-terminated line (without it) from `buf`.
    pub(super) fn line(&mut self, deadline: Instant) -> io::Result<String> {
        loop {
            if let Some(pos) = find(&self.buf, b"\r\n") {
                let line = String::from_utf8_lossy(&self.buf[..pos]).into_owned();
                self.buf.drain(..pos + 2);
                return Ok(line);
            }
            self.fill(deadline)?;
        }
    }

    pub(super) fn take(&mut self, n: usize, deadline: Instant) -> io::Result<Vec<u8>> {
        if n > MAX_REQUEST_BYTES {
            return Err(io::Error::other("request too large"));
        }
        while self.buf.len() < n {
            self.fill(deadline)?;
        }
        Ok(self.buf.drain(..n).collect())
    }

    pub(super) fn read_request(&mut self) -> io::Result<Request> {
        let idle_deadline = Instant::now() + IDLE_TIMEOUT;
        while self.buf.is_empty() {
            self.fill(idle_deadline)?;
        }
        let deadline = Instant::now() + REQUEST_TIMEOUT;
        let request_line = self.line(deadline)?;
        let mut parts = request_line.split_whitespace();
        let (Some(_method), Some(path), version) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(io::Error::other("bad request line"));
        };
        let path = path.to_owned();
        let mut close = version == Some("HTTP/1.0");
        let mut headers = Vec::new();
        loop {
            let line = self.line(deadline)?;
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        if let Some(connection) = header("connection") {
            if connection.contains("close") {
                close = true;
            } else if connection.contains("keep-alive") {
                close = false;
            }
        }
        if header("expect").is_some_and(|e| e.contains("100-continue")) {
            self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let body = if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
            let mut body = Vec::new();
            loop {
                let size_line = self.line(deadline)?;
                let size_hex = size_line.split(';').next().unwrap_or("").trim();
                let size = usize::from_str_radix(size_hex, 16)
                    .map_err(|_| io::Error::other("bad chunk size"))?;
                if size == 0 {
                    // Trailers, up to the empty line.
                    while !self.line(deadline)?.is_empty() {}
                    break;
                }
                body.extend(self.take(size, deadline)?);
                self.take(2, deadline)?;
                if body.len() > MAX_REQUEST_BYTES {
                    return Err(io::Error::other("request too large"));
                }
            }
            body
        } else {
            let length = match header("content-length") {
                Some(l) => l
                    .parse()
                    .map_err(|_| io::Error::other("bad content-length"))?,
                None => 0,
            };
            self.take(length, deadline)?
        };
        Ok(Request {
            path,
            headers,
            body,
            close,
        })
    }

    pub(super) fn respond(&mut self, code: u16, body: &Value, close: bool) -> io::Result<()> {
        let reason = match code {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            _ => "Error",
        };
        let body = body.to_string();
        let head = format!(
            "HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: {}\r\n\r\n",
            body.len(),
            if close { "close" } else { "keep-alive" },
        );
        let mut out = head.into_bytes();
        out.extend_from_slice(body.as_bytes());
        self.stream.write_all(&out)?;
        self.stream.flush()
    }
}

pub(super) fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    if stream.set_nonblocking(false).is_err()
        || stream.set_read_timeout(Some(READ_TICK)).is_err()
        || stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut conn = Connection {
        stream,
        buf: Vec::new(),
        shared,
    };
    while let Ok(request) = conn.read_request() {
        let params = parse_body(&request);
        match handle_call(&conn.shared, &request.path, params) {
            Outcome::Drop => {
                let _ = conn.stream.shutdown(Shutdown::Both);
                return;
            }
            Outcome::Respond(code, body) => {
                if conn.respond(code, &body, request.close).is_err() || request.close {
                    break;
                }
            }
        }
    }
    let _ = conn.stream.shutdown(Shutdown::Both);
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The request's parameters as a JSON object: the JSON body, the multipart fields, or the
/// query/form fields; `{}` when empty.
pub(super) fn parse_body(request: &Request) -> Value {
    let content_type = request.header("content-type").unwrap_or("").to_owned();
    let lower = content_type.to_ascii_lowercase();
    let mut params = if lower.starts_with("multipart/form-data") {
        parse_multipart(&content_type, &request.body)
    } else if lower.starts_with("application/x-www-form-urlencoded") {
        parse_form(&String::from_utf8_lossy(&request.body))
    } else if request.body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&request.body)
            .unwrap_or_else(|_| json!({ "_raw_len": request.body.len() }))
    };
    if let Some((_, query)) = request.path.split_once('?')
        && let (Value::Object(map), Value::Object(extra)) = (&mut params, parse_form(query))
    {
        for (key, value) in extra {
            map.entry(key).or_insert(value);
        }
    }
    params
}

pub(super) fn parse_form(text: &str) -> Value {
    let mut map = serde_json::Map::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        map.insert(percent_decode(key), form_value(&percent_decode(value)));
    }
    Value::Object(map)
}

pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A form field's value: numbers and booleans as such, JSON objects/arrays parsed, else text.
pub(super) fn form_value(text: &str) -> Value {
    let trimmed = text.trim();
    if let Ok(n) = trimmed.parse::<i64>() {
        return json!(n);
    }
    match trimmed {
        "true" => return json!(true),
        "false" => return json!(false),
        _ => {}
    }
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(value) = serde_json::from_str(trimmed)
    {
        return value;
    }
    json!(text)
}

pub(super) fn parse_multipart(content_type: &str, body: &[u8]) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("_raw_len".to_owned(), json!(body.len()));
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned());
    let Some(boundary) = boundary else {
        return Value::Object(map);
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut rest = body;
    // Skip the preamble.
    let Some(start) = find(rest, &delimiter) else {
        return Value::Object(map);
    };
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            break;
        }
        let rest_after_crlf = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        let Some(end) = find(rest_after_crlf, &delimiter) else {
            break;
        };
        let part = &rest_after_crlf[..end];
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        rest = &rest_after_crlf[end + delimiter.len()..];

        let Some(head_end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..head_end]);
        let content = &part[head_end + 4..];
        let mut name = None;
        let mut file_name = None;
        for line in head.split("\r\n") {
            let Some((header, value)) = line.split_once(':') else {
                continue;
            };
            if !header.trim().eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            for attr in value.split(';') {
                if let Some((k, v)) = attr.trim().split_once('=') {
                    let v = v.trim().trim_matches('"').to_owned();
                    match k.trim().to_ascii_lowercase().as_str() {
                        "name" => name = Some(v),
                        "filename" => file_name = Some(v),
                        _ => {}
                    }
                }
            }
        }
        let Some(name) = name else {
            continue;
        };
        let value = match file_name {
            Some(file_name) => json!({ "file_name": file_name, "size": content.len() }),
            None => form_value(&String::from_utf8_lossy(content)),
        };
        map.insert(name, value);
    }
    // teloxide names a file part randomly and refers to it as "attach://NAME" from the field
    // ("photo", "document", ...): put the file in that field.
    let references: Vec<(String, String)> = map
        .iter()
        .filter_map(|(key, value)| {
            let part = value.as_str()?.strip_prefix("attach://")?;
            Some((key.clone(), part.to_owned()))
        })
        .collect();
    for (key, part) in references {
        if let Some(file) = map.remove(&part) {
            map.insert(key, file);
        }
    }
    Value::Object(map)
}
