//! The HTTP server loop: accepting connections with limits a slow or hostile client cannot
//! wear down.
//!
//! `axum::serve` accepts every connection and waits on it forever, so a client that opens
//! connections and sends headers a byte at a time holds a file descriptor each until the
//! process runs out of them, and then nothing answers, not even `/healthz`. Here:
//!
//! - headers must arrive within `header_timeout_secs`; hyper's header timer also runs while
//!   a kept-alive connection waits for its next request, so it is the idle timeout too;
//! - a whole request, body included, must finish within `request_timeout_secs` (408);
//! - at most `max_connections` are open at once (never more than the process's file limit
//!   leaves room for), and at most `max_connections_per_ip` from one address; a connection
//!   over either cap is closed at once instead of queued.
//!
//! Behind a reverse proxy every connection comes from the proxy's address, so the per-address
//! cap is off when `trust_proxy` is set and the proxy should limit per client itself.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{extract::ConnectInfo, Router};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto::Builder, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use tokio::{net::TcpListener, sync::watch};
use tower::ServiceExt;

/// The limits the loop enforces, from the settings.
#[derive(Clone, Debug)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
    /// 0: no per-address cap.
    pub max_per_ip: usize,
}

impl Limits {
    pub fn from_config(cfg: &crate::config::Config) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(cfg.header_timeout_secs.max(1)),
            max_connections: cfg.max_connections.min(connection_room()).max(1),
            max_per_ip: if cfg.trust_proxy {
                0
            } else {
                cfg.max_connections_per_ip
            },
        }
    }
}

/// Raises the open-file limit to its ceiling and returns how many connections fit in it,
/// keeping room for database connections, uploaded files and the extraction workers.
fn connection_room() -> usize {
    const RESERVE: u64 = 256;
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024 - RESERVE as usize;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
        lim.rlim_cur
            .saturating_sub(RESERVE)
            .clamp(16, usize::MAX as u64) as usize
    }
}

/// Open connections in all and per address. A slot is given back when its guard drops.
#[derive(Default)]
struct Counts {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

struct Slot {
    counts: Arc<Mutex<Counts>>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut c = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        c.total -= 1;
        if let Some(n) = c.per_ip.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                c.per_ip.remove(&self.ip);
            }
        }
    }
}

fn take_slot(counts: &Arc<Mutex<Counts>>, limits: &Limits, ip: IpAddr) -> Option<Slot> {
    let mut c = counts.lock().unwrap_or_else(|p| p.into_inner());
    let here = c.per_ip.get(&ip).copied().unwrap_or(0);
    if c.total >= limits.max_connections || (limits.max_per_ip > 0 && here >= limits.max_per_ip) {
        return None;
    }
    c.total += 1;
    *c.per_ip.entry(ip).or_insert(0) += 1;
    Some(Slot {
        counts: counts.clone(),
        ip,
    })
}

/// Serves `router` on `listener` until `stop` turns true, then lets open requests finish
/// (for up to 30 seconds).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(limits.header_timeout));
    let builder = Arc::new(builder);
    let counts = Arc::new(Mutex::new(Counts::default()));
    let graceful = GracefulShutdown::new();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stopped(&mut stop) => break,
        };
        let (tcp, peer) = match accepted {
            Ok(x) => x,
            Err(e) => {
                // Out of file descriptors or a connection reset before accept: the loop
                // must go on, after a short pause so it does not spin.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some(slot) = take_slot(&counts, &limits, peer.ip()) else {
            metrics::counter!("tta_connections_refused_total").increment(1);
            drop(tcp);
            continue;
        };
        let _ = tcp.set_nodelay(true);
        let svc = router.clone().map_request(
            move |mut req: axum::extract::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                req
            },
        );
        let builder = builder.clone();
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(svc))
            .into_owned();
        let watched = graceful.watch(conn);
        tokio::spawn(async move {
            let _slot = slot;
            if let Err(e) = watched.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still open 30 seconds after shutdown began; closing them");
    }
    Ok(())
}

async fn stopped(stop: &mut watch::Receiver<bool>) {
    while !*stop.borrow() {
        if stop.changed().await.is_err() {
            // Sender gone: serve until the process ends.
            std::future::pending::<()>().await;
        }
    }
}
