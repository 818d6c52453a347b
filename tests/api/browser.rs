//! Real-browser tests: Debian's Chromium driven through chromedriver (WebDriver) with
//! fantoccini, and every page a test visits checked with axe-core.
//!
//! Needs, all installed by `scripts/test`:
//! - `chromium` and `chromium-driver` (paths overridable with the env vars `CHROMIUM` and
//!   `CHROMEDRIVER`);
//! - axe-core in `tests/browser/node_modules` (`npm ci --prefix tests/browser`).
//!
//! One chromedriver serves the whole test binary; it is started on first use on a free
//! port, and a small shell watchdog stops it (and removes the browser profiles) once the
//! test process has exited. Every [`Browser`] is its own WebDriver session with its own
//! fresh profile, so tests can run in parallel.
//!
//! `goto`, `submit` and a `click` that loads a new page all wait for the page to finish
//! loading and then run axe (WCAG 2.0/2.1 A and AA, plus best practices); any violation
//! fails the test with a readable list.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long to wait for a page to load after a click or submit.
const PAGE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long to wait for an element to appear before giving up.
const FIND_TIMEOUT: Duration = Duration::from_secs(2);
/// After a click, how long a navigation may take to start before we decide the click
/// did not navigate. chromedriver already waits for navigations a click starts, so this
/// is only a safety margin.
const CLICK_GRACE: Duration = Duration::from_millis(300);
/// axe rule tags that every page must pass.
const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique() -> u64 {
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

// ---------------------------------------------------------------------------------------
// chromedriver: one per test binary
// ---------------------------------------------------------------------------------------

struct Driver {
    port: u16,
    /// The watchdog shell (the parent of chromedriver). Kept so it is not reaped early.
    _watchdog: Mutex<Child>,
}

static DRIVER: OnceLock<Driver> = OnceLock::new();

/// Scratch directory of this test process: browser profiles live here. The watchdog
/// removes it when the test process is gone.
fn workdir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tta-browser-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("browser: cannot create {}: {e}", dir.display()));
        dir
    })
}

fn chromium_path() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

fn chromedriver_path() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

/// Runs chromedriver and, once the test process (`$3`) has exited, stops it: first by
/// asking it to shut down (which quits every browser it still has), then by force, then
/// stops any Chromium still using a profile in the scratch directory (`$4`), and removes
/// that directory and chromedriver's log (`$5`). Runs under bash for `/dev/tcp`.
const WATCHDOG: &str = r#"
driver="$1"; port="$2"; parent="$3"; workdir="$4"; log="$5"
"$driver" --port="$port" --allowed-ips=127.0.0.1 </dev/null &
child=$!
cleanup() {
    trap - TERM INT HUP
    if kill -0 "$child" 2>/dev/null; then
        (
            exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
            printf 'GET /shutdown HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
            timeout 20 cat <&3 >/dev/null
        ) 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$child" 2>/dev/null || break
            sleep 0.5
        done
        kill "$child" 2>/dev/null
    fi
    wait "$child" 2>/dev/null
    case "$workdir" in
        */tta-browser-*)
            for proc in /proc/[0-9]*; do
                if grep -qsaF -- "--user-data-dir=$workdir/" "$proc/cmdline"; then
                    kill "${proc#/proc/}" 2>/dev/null
                fi
            done
            sleep 1
            rm -rf -- "$workdir"
            ;;
    esac
    case "$log" in */tta-chromedriver-*.log) rm -f -- "$log" ;; esac
}
trap 'cleanup; exit 0' TERM INT HUP
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
cleanup
"#;

fn driver() -> &'static Driver {
    DRIVER.get_or_init(start_driver)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("browser: cannot find a free port: {e}"))
}

fn start_driver() -> Driver {
    let exe = chromedriver_path();
    if !Path::new(&exe).exists() {
        panic!(
            "browser: chromedriver not found at {exe}. Run scripts/test (it installs Debian's \
             chromium and chromium-driver), or set CHROMEDRIVER to its path."
        );
    }
    let chromium = chromium_path();
    if !Path::new(&chromium).exists() {
        panic!(
            "browser: Chromium not found at {chromium}. Run scripts/test (it installs Debian's \
             chromium and chromium-driver), or set CHROMIUM to its path."
        );
    }
    let log_path =
        std::env::temp_dir().join(format!("tta-chromedriver-{}.log", std::process::id()));
    let mut last_error = String::new();
    // The free port could be taken between our probe and chromedriver's bind: try again.
    for _ in 0..5 {
        let port = free_port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .unwrap_or_else(|e| panic!("browser: cannot open {}: {e}", log_path.display()));
        let log2 = log
            .try_clone()
            .expect("browser: cannot clone log file handle");
        let mut child = Command::new("bash")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("tta-chromedriver-watchdog")
            .arg(&exe)
            .arg(port.to_string())
            .arg(std::process::id().to_string())
            .arg(workdir())
            .arg(&log_path)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .spawn()
            .unwrap_or_else(|e| panic!("browser: cannot start {exe}: {e}"));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                last_error = format!("chromedriver exited with {status}");
                break;
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Driver {
                    port,
                    _watchdog: Mutex::new(child),
                };
            }
            if Instant::now() > deadline {
                last_error = "chromedriver did not listen within 20 s".into();
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!(
        "browser: could not start chromedriver ({last_error}); see {}",
        log_path.display()
    );
}

/// Ends a WebDriver session without an async runtime: used from `Drop`, where the test may
/// be unwinding from a panic and the runtime may no longer poll fantoccini's tasks.
fn delete_session_blocking(port: u16, session_id: &str) {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "DELETE /session/{session_id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    // Read until the whole response is in: chromedriver keeps the connection open, so
    // reading to EOF would wait for the read timeout.
    let mut response = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => response.extend_from_slice(&buf[..n]),
        }
        let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&response[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        match length {
            Some(length) if response.len() < end + 4 + length => continue,
            Some(_) => return,
            // Chunked or unknown: the last chunk ends with an empty line.
            None if response.ends_with(b"0\r\n\r\n") => return,
            None => continue,
        }
    }
}

// ---------------------------------------------------------------------------------------
// axe-core
// ---------------------------------------------------------------------------------------

fn axe_source() -> &'static str {
    static SRC: OnceLock<String> = OnceLock::new();
    SRC.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "browser: cannot read {} ({e}). Run scripts/test, which installs axe-core \
                 (or run `npm ci --prefix tests/browser` yourself).",
                path.display()
            )
        })
    })
}

/// A readable report of axe violations.
pub fn format_violations(url: &str, violations: &[Value]) -> String {
    let mut out = format!(
        "axe found {} accessibility violation(s) on {url}:\n",
        violations.len()
    );
    for v in violations {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
        let _ = writeln!(
            out,
            "\n- {} [{}]: {}\n  {}",
            s("id"),
            s("impact"),
            s("help"),
            s("helpUrl")
        );
        for node in v
            .get("nodes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let target = node
                .get("target")
                .map(|t| match t {
                    Value::Array(parts) => parts
                        .iter()
                        .map(|p| match p {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" >>> "),
                    other => other.to_string(),
                })
                .unwrap_or_default();
            let mut html: String = node
                .get("html")
                .and_then(Value::as_str)
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if html.chars().count() > 160 {
                html = html.chars().take(157).collect::<String>() + "...";
            }
            let _ = writeln!(out, "    at {target}    {html}");
            if let Some(summary) = node.get("failureSummary").and_then(Value::as_str) {
                for line in summary.lines() {
                    let _ = writeln!(out, "       {}", line.trim());
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------

/// One browser window (one WebDriver session with a fresh profile).
pub struct Browser {
    client: Client,
    session_id: String,
    port: u16,
    profile: PathBuf,
    closed: bool,
}

fn capabilities(profile: &Path, phone: bool) -> fantoccini::wd::Capabilities {
    let (w, h) = if phone { PHONE } else { DESKTOP };
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,PasswordLeakDetection",
        "--metrics-recording-only",
        "--password-store=basic",
        "--mute-audio",
        "--hide-scrollbars",
        "--lang=en-US",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(format!("--window-size={w},{h}"));
    args.push(format!("--user-data-dir={}", profile.display()));

    let mut chrome = json!({
        "binary": chromium_path(),
        "args": args,
        "prefs": {
            "intl.accept_languages": "en-US,en",
            "credentials_enable_service": false,
            "profile.password_manager_enabled": false,
            "profile.password_manager_leak_detection": false,
        },
    });
    if phone {
        chrome["mobileEmulation"] = json!({
            "deviceMetrics": { "width": w, "height": h, "pixelRatio": 3.0, "mobile": true, "touch": true },
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
                          (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
        });
    }
    let caps = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": { "script": 60_000, "pageLoad": 30_000, "implicit": 0 },
        "goog:chromeOptions": chrome,
    });
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

impl Browser {
    /// A desktop browser window of 1280x900 (headless Chromium keeps room for its
    /// toolbars: the page's viewport is 1280 wide and about 757 high).
    pub async fn start() -> Browser {
        Self::launch(false).await
    }

    /// A phone-sized browser: 390x844 viewport, touch, mobile user agent and mobile
    /// viewport rules (pages need `<meta name="viewport" content="width=device-width">`).
    pub async fn phone() -> Browser {
        Self::launch(true).await
    }

    async fn launch(phone: bool) -> Browser {
        let port = driver().port;
        let url = format!("http://127.0.0.1:{port}");
        let mut errors = Vec::new();
        for attempt in 0..5u32 {
            // A fresh profile for every attempt: a Chromium that failed to start may still
            // hold the old one.
            let profile = workdir().join(format!("profile-{}", unique()));
            if let Err(e) = std::fs::create_dir_all(&profile) {
                panic!("browser: cannot create {}: {e}", profile.display());
            }
            let connected = tokio::time::timeout(
                Duration::from_secs(90),
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(capabilities(&profile, phone))
                    .connect(&url),
            )
            .await;
            match connected {
                Ok(Ok(client)) => {
                    let session_id = match client.session_id().await {
                        Ok(Some(id)) => id,
                        other => panic!("browser: WebDriver session has no id: {other:?}"),
                    };
                    return Browser {
                        client,
                        session_id,
                        port,
                        profile,
                        closed: false,
                    };
                }
                Ok(Err(e)) => errors.push(format!("attempt {}: {e}", attempt + 1)),
                Err(_) => errors.push(format!("attempt {}: timed out after 90 s", attempt + 1)),
            }
            let _ = std::fs::remove_dir_all(&profile);
            tokio::time::sleep(Duration::from_millis(300 * u64::from(attempt + 1))).await;
        }
        panic!(
            "browser: could not start a Chromium session through chromedriver on port {port}:\n  {}\n\
             (chromedriver log: {})",
            errors.join("\n  "),
            std::env::temp_dir()
                .join(format!("tta-chromedriver-{}.log", std::process::id()))
                .display()
        );
    }

    /// The underlying fantoccini client, for anything this API does not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url`, waits for it to load, and checks it with axe. After the first page,
    /// `url` may be relative to the current one (`"/login"`).
    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.client.goto(url).await {
            panic!("browser: could not open {url}: {e}");
        }
        self.wait_complete(&format!("opening {url}")).await;
        self.assert_accessible().await;
    }

    /// Opens `url` and waits for it to load, without running axe: for a test that visits
    /// the same page many times and checks it with [`Browser::assert_accessible`] once.
    pub async fn open(&self, url: &str) {
        if let Err(e) = self.client.goto(url).await {
            panic!("browser: could not open {url}: {e}");
        }
        self.wait_complete(&format!("opening {url}")).await;
    }

    /// Clears the input or textarea matching `css` and types `value` into it.
    pub async fn fill(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        let kind = self
            .js(
                "const e = arguments[0]; return [e.tagName.toLowerCase(), (e.getAttribute('type') || '').toLowerCase()];",
                vec![elem(&el)],
            )
            .await;
        let tag = kind[0].as_str().unwrap_or("").to_string();
        let ty = kind[1].as_str().unwrap_or("").to_string();
        if tag != "input" && tag != "textarea" {
            panic!("browser: fill({css:?}) matched a <{tag}>, not an input or textarea");
        }
        let typed = |e: fantoccini::error::CmdError| -> ! {
            panic!("browser: could not type into {css:?}: {e}")
        };
        match ty.as_str() {
            // Keyboard entry into these depends on the locale's widget: set the value the
            // way a picker would, and fire the same events.
            "date" | "time" | "datetime-local" | "month" | "week" | "color" | "range" => {
                self.js(
                    "const e = arguments[0]; e.value = arguments[1]; \
                     e.dispatchEvent(new Event('input', {bubbles: true})); \
                     e.dispatchEvent(new Event('change', {bubbles: true})); return e.value;",
                    vec![elem(&el), json!(value)],
                )
                .await;
            }
            "file" => el.send_keys(value).await.unwrap_or_else(|e| typed(e)),
            _ => {
                el.clear().await.unwrap_or_else(|e| typed(e));
                el.send_keys(value).await.unwrap_or_else(|e| typed(e));
            }
        }
    }

    /// Chooses the `<option value="...">` with this value in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        let escaped = value
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\a ");
        match el
            .find(Locator::Css(&format!("option[value=\"{escaped}\"]")))
            .await
        {
            Ok(option) => {
                if let Err(e) = option.click().await {
                    panic!("browser: could not choose {value:?} in {css:?}: {e}");
                }
            }
            Err(_) => {
                let values = self
                    .js(
                        "return Array.from(arguments[0].querySelectorAll('option')).map(o => o.value);",
                        vec![elem(&el)],
                    )
                    .await;
                panic!(
                    "browser: {css:?} has no option with value {value:?}; its values are {values}"
                );
            }
        }
        let now = self.js("return arguments[0].value;", vec![elem(&el)]).await;
        if now.as_str() != Some(value) {
            panic!("browser: choosing {value:?} in {css:?} left its value at {now}");
        }
    }

    /// Ticks the checkbox or radio button matching `css` (no change if already ticked).
    pub async fn check(&self, css: &str) {
        let el = self.find(css).await;
        if el.is_selected().await.unwrap_or(false) {
            return;
        }
        self.scroll_into_view(&el).await;
        if let Err(e) = el.click().await {
            panic!("browser: could not tick {css:?}: {e}");
        }
        if !el.is_selected().await.unwrap_or(false) {
            panic!("browser: clicked {css:?} but it is still not ticked");
        }
    }

    /// Clicks the element matching `css`. If that loads a new page, waits for it and
    /// checks it with axe.
    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        let marker = self.mark().await;
        self.scroll_into_view(&el).await;
        if let Err(e) = el.click().await {
            panic!(
                "browser: could not click {css:?} on {}: {e}",
                self.url().await
            );
        }
        let grace = Instant::now() + CLICK_GRACE;
        // While the old document is still there, the click may not navigate at all.
        while let Some((_, true, _)) = self.state(&marker).await {
            if Instant::now() >= grace {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // A new document, or the old one going away.
        self.wait_new_page(&marker, &format!("after clicking {css:?}"), None)
            .await;
        self.assert_accessible().await;
    }

    /// Clicks the submit button matching `css_of_button`, waits for the page that the
    /// submission loads, and checks it with axe.
    pub async fn submit(&self, css_of_button: &str) {
        let el = self.find(css_of_button).await;
        let marker = self.mark().await;
        self.scroll_into_view(&el).await;
        if let Err(e) = el.click().await {
            panic!(
                "browser: could not click {css_of_button:?} on {}: {e}",
                self.url().await
            );
        }
        self.wait_new_page(
            &marker,
            &format!("after submitting with {css_of_button:?}"),
            Some(&el),
        )
        .await;
        self.assert_accessible().await;
    }

    /// The `innerText` of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        let el = self.find(css).await;
        match self
            .js("return arguments[0].innerText;", vec![elem(&el)])
            .await
        {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// The current page's HTML as the browser now has it.
    pub async fn html(&self) -> String {
        self.client
            .source()
            .await
            .unwrap_or_else(|e| panic!("browser: cannot read the page source: {e}"))
    }

    /// The current URL.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_else(|e| panic!("browser: cannot read the current URL: {e}"))
    }

    /// Whether any element matches `css` now (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        match self.client.find_all(Locator::Css(css)).await {
            Ok(found) => !found.is_empty(),
            Err(e) => panic!("browser: bad selector {css:?}? {e}"),
        }
    }

    /// Saves a PNG of the viewport to `path` (creating its folder).
    pub async fn screenshot(&self, path: &Path) {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("browser: screenshot failed: {e}"));
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        std::fs::write(path, png)
            .unwrap_or_else(|e| panic!("browser: cannot write {}: {e}", path.display()));
    }

    /// Runs axe on the current page and returns its violations, as axe reports them.
    pub async fn axe(&self) -> Vec<Value> {
        let loaded = self
            .js(
                "return !!(window.axe && typeof window.axe.run === 'function');",
                vec![],
            )
            .await;
        if loaded != Value::Bool(true) {
            // WebDriver scripts are not subject to the page's Content-Security-Policy.
            let script = format!("{}\n;return typeof window.axe;", axe_source());
            let kind = self.js(&script, vec![]).await;
            if kind.as_str() != Some("object") {
                panic!("browser: injecting axe-core failed (window.axe is {kind})");
            }
        }
        let run = r#"
            const done = arguments[arguments.length - 1];
            window.axe
              .run(document, {
                runOnly: { type: 'tag', values: arguments[0] },
                resultTypes: ['violations'],
              })
              .then(r => done({ violations: r.violations }),
                    e => done({ error: String((e && e.stack) || e) }));
        "#;
        let result = self
            .client
            .execute_async(run, vec![json!(AXE_TAGS)])
            .await
            .unwrap_or_else(|e| panic!("browser: running axe failed: {e}"));
        if let Some(err) = result.get("error") {
            panic!("browser: axe failed on {}: {err}", self.url().await);
        }
        match result.get("violations") {
            Some(Value::Array(v)) => v.clone(),
            _ => panic!("browser: unexpected answer from axe: {result}"),
        }
    }

    /// Runs axe and panics with every violation (rule, impact, help, where) if any.
    pub async fn assert_accessible(&self) {
        let violations = self.axe().await;
        if !violations.is_empty() {
            panic!("{}", format_violations(&self.url().await, &violations));
        }
    }

    /// Ends the WebDriver session and removes the browser profile.
    pub async fn close(mut self) {
        self.closed = true;
        let _ = self.client.clone().close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }

    // -- helpers ------------------------------------------------------------------------

    async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("browser: script failed: {e}\nscript: {script}"))
    }

    async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(el) => return el,
                Err(e) if e.is_no_such_element() && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) if e.is_no_such_element() => {
                    panic!("browser: nothing matches {css:?} on {}", self.url().await)
                }
                Err(e) => panic!(
                    "browser: finding {css:?} failed on {}: {e}",
                    self.url().await
                ),
            }
        }
    }

    async fn scroll_into_view(&self, el: &Element) {
        let _ = self
            .client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
                vec![elem(el)],
            )
            .await;
    }

    /// Tags the current document so that a new one can be told apart from it.
    async fn mark(&self) -> String {
        let marker = format!("tta-{}-{}", std::process::id(), unique());
        self.js("window.__ttaMarker = arguments[0];", vec![json!(marker)])
            .await;
        marker
    }

    /// (readyState, whether the document still carries `marker`, URL); None while the
    /// browser cannot run a script (in the middle of a navigation).
    async fn state(&self, marker: &str) -> Option<(String, bool, String)> {
        let v = self
            .client
            .execute(
                "return [document.readyState, window.__ttaMarker === arguments[0], location.href];",
                vec![json!(marker)],
            )
            .await
            .ok()?;
        Some((
            v.get(0)?.as_str()?.to_string(),
            v.get(1)?.as_bool()?,
            v.get(2)?.as_str()?.to_string(),
        ))
    }

    async fn wait_new_page(&self, marker: &str, context: &str, button: Option<&Element>) {
        let start = Instant::now();
        let deadline = start + PAGE_TIMEOUT;
        let mut last = None;
        let mut checked_validity = false;
        loop {
            match self.state(marker).await {
                Some((ready, false, _)) if ready == "complete" => return,
                other => last = other.or(last),
            }
            // The browser's own form validation blocks a submission without any request:
            // say which fields instead of waiting for the timeout.
            if let (false, Some(button), Some((_, true, _))) = (checked_validity, button, &last) {
                if start.elapsed() > Duration::from_secs(1) {
                    checked_validity = true;
                    if let Some(invalid) = self.invalid_fields(button).await {
                        panic!(
                            "browser: no new page {context}: the browser refused to submit the \
                             form because of invalid fields:\n  {}",
                            invalid.join("\n  ")
                        );
                    }
                }
            }
            if Instant::now() > deadline {
                let (ready, same, url) = last.unwrap_or_default();
                panic!(
                    "browser: no new page loaded within {} s {context} (at {url}, \
                     readyState {ready:?}, {})",
                    PAGE_TIMEOUT.as_secs(),
                    if same {
                        "still the old document"
                    } else {
                        "a new document"
                    }
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Form fields that fail the browser's constraint validation (`required`, `pattern`,
    /// `type=email`...), as "name: message", or None if there are none.
    async fn invalid_fields(&self, button: &Element) -> Option<Vec<String>> {
        let v = self
            .client
            .execute(
                "const form = arguments[0].form; if (!form || form.noValidate || arguments[0].formNoValidate) return [];
                 return Array.from(form.elements)
                   .filter(e => e.willValidate && !e.checkValidity())
                   .map(e => (e.name || e.id || e.outerHTML.slice(0, 80)) + ': ' + e.validationMessage);",
                vec![elem(button)],
            )
            .await
            .ok()?;
        let list: Vec<String> = v
            .as_array()?
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect();
        (!list.is_empty()).then_some(list)
    }

    async fn wait_complete(&self, context: &str) {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        loop {
            if let Ok(v) = self
                .client
                .execute("return document.readyState;", vec![])
                .await
            {
                if v.as_str() == Some("complete") {
                    return;
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "browser: page did not finish loading within {} s {context}",
                    PAGE_TIMEOUT.as_secs()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn elem(el: &Element) -> Value {
    serde_json::to_value(el).expect("browser: element reference serializes")
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.closed {
            return;
        }
        // Not closed (a failing test, or a forgotten close()): end the session the
        // blocking way so no Chromium is left behind.
        delete_session_blocking(self.port, &self.session_id);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
