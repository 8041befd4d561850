//! Server addresses as operators type them: expanded to a URL with the VB365 port, and
//! checked before anything connects.

/// `host` → `https://host:4443`; `host:1234` → `https://host:1234`; a full URL is kept
/// (without a trailing slash).
pub fn normalize_server_url(input: &str) -> String {
    // Pasted addresses can carry control characters that the URL parser silently drops.
    let s = input
        .trim_matches(|c: char| c.is_whitespace() || c.is_control())
        .trim_end_matches('/');
    if s.is_empty() {
        return String::new();
    }
    let (scheme, rest) = match split_scheme(s) {
        Some((scheme, rest)) => (scheme, rest),
        None => ("https".to_string(), s),
    };
    let host_port = rest.split('/').next().unwrap_or(rest);
    let has_port = if let Some(end) = host_port.rfind(']') {
        host_port[end..].contains(':')
    } else {
        host_port.contains(':')
    };
    if has_port {
        format!("{scheme}://{rest}")
    } else {
        let default_port = if scheme == "http" && split_scheme(s).is_some() {
            80
        } else {
            4443
        };
        let path = &rest[host_port.len()..];
        format!("{scheme}://{host_port}:{default_port}{path}")
    }
}

/// The scheme of an address as typed or pasted, and what follows it: `https://host`, and
/// also `HTTPS://host`, `https:/host`, `https//host` or `https:host` (a scheme half typed is
/// still the scheme, never a host named `https`); `https:4443` is host `https`, port 4443.
fn split_scheme(s: &str) -> Option<(String, &str)> {
    for scheme in ["https", "http"] {
        let Some(head) = s
            .get(..scheme.len())
            .filter(|h| h.eq_ignore_ascii_case(scheme))
        else {
            continue;
        };
        let after = &s[head.len()..];
        let rest = after.trim_start_matches(':').trim_start_matches('/');
        let marked = after.len() != rest.len();
        let a_port = after.starts_with(':') && after[1..].chars().all(|c| c.is_ascii_digit());
        if marked && !a_port && after.chars().take_while(|c| *c == ':').count() <= 1 {
            return Some((scheme.to_string(), rest));
        }
    }
    s.split_once("://")
        .map(|(scheme, rest)| (scheme.to_ascii_lowercase(), rest))
}

/// Why a normalized address cannot be used, in words for the connect screen; `None` when it
/// is an http(s) URL with a host.
pub fn server_url_problem(url: &str) -> Option<String> {
    let written_as_url = url.starts_with("https://") || url.starts_with("http://");
    let parsed = reqwest::Url::parse(url).ok().filter(|u| {
        written_as_url
            && u.host_str().is_some_and(|h| !h.is_empty())
            && u.username().is_empty()
            && u.password().is_none()
    });
    let Some(parsed) = parsed else {
        return Some(format!(
            "'{url}' is not a server address: type a host name such as vbo01, or https://vbo01:4443."
        ));
    };
    // The parser rewrites some hosts (047 is the IPv4 address 0.0.0.39): never connect
    // somewhere other than what is on screen.
    let host = parsed.host_str().unwrap_or_default();
    if !written_host(url).eq_ignore_ascii_case(host) {
        return Some(format!(
            "'{url}' would connect to {host}; type the address as {host} if that is what you mean."
        ));
    }
    None
}

/// The host as typed in `scheme://host[:port][/…]`.
fn written_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    match authority.strip_prefix('[') {
        Some(v6) => &authority[..v6.find(']').map_or(authority.len(), |i| i + 2)],
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_are_expanded() {
        assert_eq!(normalize_server_url("vbo01"), "https://vbo01:4443");
        assert_eq!(server_url_problem("https://vbo01:4443"), None);
        assert_eq!(
            normalize_server_url("\0\0https://vbt/o"),
            "https://vbt:4443/o"
        );
        assert!(server_url_problem(&normalize_server_url("http:9/s://v/5r1")).is_some());
        assert!(server_url_problem("https://admin:pw@vbo01:4443").is_some());
        assert!(server_url_problem("https://047:4443").is_some());
        assert_eq!(server_url_problem("https://[::1]:4443/x"), None);
        assert_eq!(server_url_problem("https://VBO01.corp.local:4443"), None);
        assert!(server_url_problem(&normalize_server_url("thtps://vbo01.c43/")).is_some());
        assert!(server_url_problem(&normalize_server_url("https://:4443")).is_some());
        assert_eq!(
            normalize_server_url("vbo01.corp.local:9443"),
            "https://vbo01.corp.local:9443"
        );
        assert_eq!(
            normalize_server_url("https://vbo01:4443/"),
            "https://vbo01:4443"
        );
        assert_eq!(normalize_server_url("https://vbo01"), "https://vbo01:4443");
        // A scheme typed or pasted half right is still the scheme.
        for typed in [
            "HTTPS://vbo01",
            "https:/vbo01",
            "https//vbo01",
            "https:vbo01",
            "https:///vbo01",
        ] {
            assert_eq!(normalize_server_url(typed), "https://vbo01:4443", "{typed}");
        }
        assert_eq!(normalize_server_url("http:/vbo01"), "http://vbo01:80");
        assert_eq!(normalize_server_url("https:4443"), "https://https:4443");
        assert_eq!(normalize_server_url("httpsvbo"), "https://httpsvbo:4443");
        assert_eq!(
            normalize_server_url("http://127.0.0.1"),
            "http://127.0.0.1:80"
        );
        assert_eq!(normalize_server_url("[::1]"), "https://[::1]:4443");
        assert_eq!(normalize_server_url("[::1]:1"), "https://[::1]:1");
        assert_eq!(normalize_server_url("  "), "");
    }
}
