//! The JSON problem body of a denial (RFC 9457 members plus `code` and request ids), written by
//! hand so the wasm build carries no JSON serializer.

/// Content type of every denial body.
pub const CONTENT_TYPE: &str = "application/problem+json";

/// Render `{"type","title","status","code","detail","requestId"[,"unkeyRequestId"]}`.
pub fn render(
    status: u16,
    code: &str,
    detail: &str,
    request_id: &str,
    unkey_request_id: Option<&str>,
) -> String {
    let mut out = String::with_capacity(160);
    out.push_str("{\"type\":\"about:blank\",\"title\":");
    push_str(&mut out, title(status));
    out.push_str(",\"status\":");
    out.push_str(&super::text::num(u64::from(status)));
    out.push_str(",\"code\":");
    push_str(&mut out, code);
    out.push_str(",\"detail\":");
    push_str(&mut out, detail);
    out.push_str(",\"requestId\":");
    push_str(&mut out, request_id);
    if let Some(id) = unkey_request_id {
        out.push_str(",\"unkeyRequestId\":");
        push_str(&mut out, id);
    }
    out.push('}');
    out
}

/// The reason phrase used as the problem title.
pub fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Request Denied",
    }
}

/// Append `s` as a JSON string literal.
pub(super) fn push_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u");
                super::text::push_hex(out, c as u32, 4, false);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_valid_json() {
        let body = render(401, "NOT_FOUND", "no such key", "req_1", Some("req_u"));
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], 401);
        assert_eq!(v["title"], "Unauthorized");
        assert_eq!(v["code"], "NOT_FOUND");
        assert_eq!(v["requestId"], "req_1");
        assert_eq!(v["unkeyRequestId"], "req_u");
        let body = render(499, "X", "d", "r", None);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(v.get("unkeyRequestId").is_none());
        assert_eq!(v["title"], "Request Denied");
    }

    #[test]
    fn escapes_everything_json_needs() {
        let nasty = "a\"b\\c\nd\re\tf\u{1}g\u{7f}é😀";
        let body = render(403, nasty, nasty, nasty, None);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["code"], nasty);
        assert_eq!(v["detail"], nasty);
        assert_eq!(v["requestId"], nasty);
    }
}
