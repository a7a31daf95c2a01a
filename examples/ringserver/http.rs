//! A minimal HTTP/1.1 request parser and the fixed "Hello, World!" answer.
//!
//! Enough for load tools (wrk, the `loadgen` example): requests are framed by
//! their header block and `Content-Length`, so several requests in one
//! receive are answered one after the other, in order, and a request split
//! across receives waits in the connection's input until it is whole.
//! `Connection: close` (and HTTP/1.0 without `keep-alive`) ends the
//! connection after the answer; requests pipelined after it are not
//! answered (and, as with any server that closes with input unread, the
//! kernel may then reset the connection instead of closing it gently).

use std::time::{SystemTime, UNIX_EPOCH};

/// The body every request gets.
pub const BODY: &[u8] = b"Hello, World!";

/// The largest header block accepted.
const MAX_HEADER: usize = 16 * 1024;

/// The answer to a malformed request; the connection closes after it.
pub const BAD_REQUEST: &[u8] = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// What the start of the input holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Parse {
    /// Not a whole request yet: wait for more bytes.
    Incomplete,
    /// A whole request of `len` bytes (headers and body); `close` when the
    /// connection must close after the answer.
    Request { len: usize, close: bool },
    /// Not HTTP we understand: answer 400 and close.
    Bad,
}

fn find_header_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

fn has_token(value: &[u8], token: &str) -> bool {
    value.split(|&b| b == b',').any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
}

/// Parse the request at the start of `buf`.
pub fn parse(buf: &[u8]) -> Parse {
    let Some(end) = find_header_end(&buf[..buf.len().min(MAX_HEADER)]) else {
        return if buf.len() >= MAX_HEADER { Parse::Bad } else { Parse::Incomplete };
    };
    let mut lines = buf[..end - 4].split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(|&b| b == b' ').filter(|p| !p.is_empty());
    let (Some(_method), Some(_target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Parse::Bad;
    };
    let mut close = match version {
        b"HTTP/1.1" => false,
        b"HTTP/1.0" => true,
        _ => return Parse::Bad,
    };
    let mut body = 0usize;
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else { return Parse::Bad };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-length") {
            match std::str::from_utf8(value).ok().and_then(|v| v.parse::<usize>().ok()) {
                Some(n) if n <= 1 << 20 => body = n,
                _ => return Parse::Bad,
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            // Chunked bodies are not supported by this small responder.
            return Parse::Bad;
        } else if name.eq_ignore_ascii_case(b"connection") {
            if has_token(value, "close") {
                close = true;
            } else if has_token(value, "keep-alive") {
                close = false;
            }
        }
    }
    if buf.len() < end + body { Parse::Incomplete } else { Parse::Request { len: end + body, close } }
}

/// The `Date:` value (RFC 7231 IMF-fixdate), recomputed once a second.
pub struct DateCache {
    secs: u64,
    text: [u8; 29],
}

impl DateCache {
    pub fn new() -> DateCache {
        let mut d = DateCache { secs: u64::MAX, text: [b' '; 29] };
        d.refresh();
        d
    }

    /// Recompute the text if the second changed.
    pub fn refresh(&mut self) {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if secs != self.secs {
            self.secs = secs;
            self.text = imf_fixdate(secs);
        }
    }

    pub fn get(&self) -> &[u8] {
        &self.text
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` for `secs` since the Unix epoch.
fn imf_fixdate(secs: u64) -> [u8; 29] {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = (secs / 86400) as i64;
    let rem = secs % 86400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    let s = format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        day,
        MONTHS[month as usize - 1],
        year,
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    );
    let mut out = [b' '; 29];
    out.copy_from_slice(&s.as_bytes()[..29]);
    out
}

/// Append the answer to one request to `out`.
pub fn respond(out: &mut Vec<u8>, date: &DateCache, close: bool) {
    out.extend_from_slice(
        b"HTTP/1.1 200 OK\r\nServer: riouring\r\nContent-Type: text/plain\r\nContent-Length: ",
    );
    out.extend_from_slice(BODY.len().to_string().as_bytes());
    out.extend_from_slice(b"\r\nDate: ");
    out.extend_from_slice(date.get());
    if close {
        out.extend_from_slice(b"\r\nConnection: close");
    }
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(BODY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(&imf_fixdate(784_111_777), b"Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(&imf_fixdate(0), b"Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(&imf_fixdate(951_782_400), b"Tue, 29 Feb 2000 00:00:00 GMT");
    }

    #[test]
    fn requests() {
        let get = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(parse(get), Parse::Request { len: get.len(), close: false });
        assert_eq!(parse(&get[..10]), Parse::Incomplete);
        let post = b"POST / HTTP/1.1\r\nContent-Length: 3\r\nConnection: Close\r\n\r\nabcGET";
        assert_eq!(parse(post), Parse::Request { len: post.len() - 3, close: true });
        assert_eq!(parse(b"GET / HTTP/1.0\r\n\r\n"), Parse::Request { len: 18, close: true });
        assert_eq!(
            parse(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
            Parse::Request { len: 42, close: false }
        );
        assert_eq!(parse(b"garbage\r\n\r\n"), Parse::Bad);
    }
}
