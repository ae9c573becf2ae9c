//! `nslookup`, `wget` and `curl` inside a container: they ask the [`Net`](super::Net) and print
//! its answer as busybox (1.28 and later) and curl do.

use super::eval::Interp;
use super::{Answer, Query};

/// The cluster DNS server every pod's resolv.conf names.
pub const DNS_IP: &str = "10.96.0.10";
const DNS_NAME: &str = "kube-dns.kube-system.svc.cluster.local";

impl Interp<'_> {
    fn ask(&mut self, q: &Query) -> Answer {
        let at = self.ctx.start_ms.saturating_add(self.clock_ms);
        self.net.ask(at, q)
    }

    pub fn nslookup(&mut self, args: &[String]) -> i32 {
        let Some(name) = args.iter().find(|a| !a.starts_with('-')).cloned() else {
            self.write(2, "BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n");
            return 1;
        };
        let answer = self.ask(&Query::Resolve(name.clone()));
        let found = match answer {
            Answer::Resolved(found) => found,
            _ => None,
        };
        if self.ctx.old_nslookup {
            self.write(
                1,
                &format!("Server:    {DNS_IP}\nAddress 1: {DNS_IP} {DNS_NAME}\n\n"),
            );
            match found {
                Some((_, addrs)) => {
                    let mut out = format!("Name:      {name}\n");
                    for (n, (ip, rname)) in addrs.iter().enumerate() {
                        out.push_str(&format!("Address {}: {ip} {rname}\n", n + 1));
                    }
                    self.write(1, &out);
                    0
                }
                None => {
                    self.write(2, &format!("nslookup: can't resolve '{name}'\n"));
                    1
                }
            }
        } else {
            self.write(
                1,
                &format!("Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}:53\n\n"),
            );
            match found {
                Some((fqdn, addrs)) => {
                    let mut out = String::new();
                    for (ip, _) in &addrs {
                        out.push_str(&format!("Name:\t{fqdn}\nAddress: {ip}\n"));
                    }
                    out.push('\n');
                    self.write(1, &out);
                    0
                }
                None => {
                    self.write(1, &format!("** server can't find {name}: NXDOMAIN\n\n"));
                    1
                }
            }
        }
    }

    /// `wget [-q] [-O FILE|-O-] [-T N] URL`.
    pub fn wget(&mut self, args: &[String]) -> i32 {
        let mut quiet = false;
        let mut output: Option<String> = None;
        let mut url = None;
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            match a.as_str() {
                "-q" | "--quiet" => quiet = true,
                "-O" | "-T" | "--timeout" | "-U" => {
                    if a == "-O" {
                        output = args.get(i + 1).cloned();
                    }
                    i += 1;
                }
                "-qO-" | "-qO" | "-Oq-" => {
                    quiet = true;
                    output = Some(if a == "-qO" {
                        i += 1;
                        args.get(i).cloned().unwrap_or_default()
                    } else {
                        "-".into()
                    });
                }
                a if a.starts_with("-O") => output = Some(a[2..].to_string()),
                a if a.starts_with('-') => quiet |= a.contains('q'),
                _ => url = Some(a.clone()),
            }
            i += 1;
        }
        let Some(url) = url else {
            self.write(2, "wget: missing URL\n");
            return 1;
        };
        let Some((host, port, path)) = parse_url(&url) else {
            self.write(2, &format!("wget: bad address '{url}'\n"));
            return 1;
        };
        let ip = match self.ask(&Query::Resolve(host.clone())) {
            Answer::Resolved(Some((_, addrs))) if !addrs.is_empty() => addrs[0].0.clone(),
            _ => {
                self.write(2, &format!("wget: bad address '{host}'\n"));
                return 1;
            }
        };
        if !quiet {
            self.write(2, &format!("Connecting to {host} ({ip}:{port})\n"));
        }
        match self.ask(&Query::Get {
            host,
            port,
            path: path.clone(),
        }) {
            Answer::Body(body) => {
                let to_stdout = output.as_deref() == Some("-");
                let file = output.clone().unwrap_or_else(|| {
                    let name = path.rsplit('/').next().unwrap_or_default();
                    if name.is_empty() {
                        "index.html".into()
                    } else {
                        name.into()
                    }
                });
                if !quiet {
                    self.write(
                        2,
                        &(if to_stdout {
                            "writing to stdout\n".to_string()
                        } else {
                            format!("saving to '{file}'\n")
                        }),
                    );
                }
                if to_stdout {
                    self.write(1, &body);
                } else {
                    let abs = self.absolute(&file);
                    self.write_file(&abs, body.clone());
                }
                if !quiet {
                    let dest = if to_stdout {
                        "-".to_string()
                    } else {
                        file.clone()
                    };
                    self.write(2, &format!("{dest:<20} 100% |********************************| {:>5}  0:00:00 ETA\n", body.len()));
                    self.write(
                        2,
                        &(if to_stdout {
                            "written to stdout\n".to_string()
                        } else {
                            format!("'{file}' saved\n")
                        }),
                    );
                }
                0
            }
            Answer::Refused(ip) => {
                self.write(
                    2,
                    &format!("wget: can't connect to remote host ({ip}): Connection refused\n"),
                );
                1
            }
            _ => {
                self.write(2, &format!("wget: bad address '{url}'\n"));
                1
            }
        }
    }

    /// `curl [-s] [-o FILE] URL` (the curl of radial/busyboxplus).
    pub fn curl(&mut self, args: &[String]) -> i32 {
        let url = args.iter().rev().find(|a| !a.starts_with('-')).cloned();
        let Some(url) = url else {
            self.write(
                2,
                "curl: try 'curl --help' or 'curl --manual' for more information\n",
            );
            return 2;
        };
        let Some((host, port, path)) = parse_url(&url) else {
            self.write(2, "curl: (3) <url> malformed\n");
            return 3;
        };
        match self.ask(&Query::Get {
            host: host.clone(),
            port,
            path,
        }) {
            Answer::Body(body) => {
                self.write(1, &body);
                0
            }
            Answer::Refused(ip) => {
                self.write(
                    2,
                    &format!(
                        "curl: (7) Failed to connect to {ip} port {port}: Connection refused\n"
                    ),
                );
                7
            }
            _ => {
                self.write(2, &format!("curl: (6) Couldn't resolve host '{host}'\n"));
                6
            }
        }
    }
}

/// `http://host:port/path` → (host, port, path).
pub fn parse_url(url: &str) -> Option<(String, u16, String)> {
    let (default_port, rest) = if let Some(r) = url.strip_prefix("http://") {
        (80, r)
    } else if let Some(r) = url.strip_prefix("https://") {
        (443, r)
    } else {
        (80, url)
    };
    let (authority, path) = match rest.find('/') {
        Some(n) => (&rest[..n], rest[n..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (authority, default_port),
    };
    (!host.is_empty()).then(|| (host.to_string(), port, path))
}
