//! Library files in an S3-compatible bucket: the same uploads, downloads, refusals and
//! deletions as on disk, against a local S3 server (moto's, installed by `scripts/test`;
//! `MOTO_SERVER_BIN` names it, otherwise `moto_server` is looked up on PATH).

use std::{process::Stdio, time::Duration};

use reqwest::multipart::Part;
use tta::{
    accounts::model::Role,
    library::docx::{build, Block},
};

use crate::helpers::*;

struct Moto {
    child: tokio::process::Child,
    url: String,
}

impl Moto {
    async fn start() -> Moto {
        let bin = std::env::var("MOTO_SERVER_BIN").unwrap_or_else(|_| "moto_server".into());
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let child = tokio::process::Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} (scripts/test installs it): {e}"));
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if reqwest::get(&url).await.is_ok() {
                return Moto { child, url };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the S3 test server did not start on {url}");
    }

    async fn keys(&self, bucket: &str) -> Vec<String> {
        let xml = reqwest::get(format!("{}/{bucket}?list-type=2", self.url))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        xml.split("<Key>")
            .skip(1)
            .map(|s| s.split("</Key>").next().unwrap().to_string())
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_live_in_the_bucket_when_one_is_configured() {
    let mut moto = Moto::start().await;
    let bucket = "tta-library";
    let r = reqwest::Client::new()
        .put(format!("{}/{bucket}", moto.url))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "create bucket: {}", r.status());
    let endpoint = moto.url.clone();
    let app = TestApp::spawn_with(move |cfg| {
        cfg.storage_url = format!("s3://{bucket}/files");
        cfg.s3_endpoint = endpoint;
        cfg.s3_region = "us-east-1".into();
        cfg.s3_access_key_id = "test-key".into();
        cfg.s3_secret_access_key = "test-secret".into();
    })
    .await;
    let (_, c) = app.as_role("librarian@example.org", Role::Staff).await;
    let token = app.csrf(&c, "/staff/resources/new").await;
    let form = |file: Part| {
        Multi::new()
            .text("title", "Safety planning worksheet")
            .text("summary", "A worksheet to plan with, not for, a person.")
            .text("kind", "tool")
            .text("topics", "safety_planning")
            .text("language", "en")
            .text("published_on", "2026-05-01")
            .part("file", file)
    };
    // Refused: nothing reaches the bucket.
    let r = c
        .post(app.at("/staff/resources/new"))
        .multipart(
            form(Part::bytes(b"\x7FELF\x02\x01\x01 binary".to_vec()).file_name("worksheet.docx"))
                .with_csrf(&token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(moto.keys(bucket).await.is_empty());
    // Accepted: stored under tta's own name below the configured prefix.
    let docx = build(
        "Worksheet",
        &[Block::Para(
            "Where could you go at night if you needed to leave quickly?".into(),
        )],
    );
    let r = c
        .post(app.at("/staff/resources/new"))
        .multipart(form(Part::bytes(docx.clone()).file_name("worksheet.docx")).with_csrf(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let keys = moto.keys(bucket).await;
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(
        keys[0].starts_with("files/resources/") && keys[0].ends_with(".docx"),
        "{keys:?}"
    );
    assert!(
        std::fs::read_dir(app.dir.path())
            .unwrap()
            .all(|e| e.unwrap().file_name() != "files"),
        "nothing on local disk"
    );
    // Downloaded from the bucket, byte for byte.
    let id = count(&app.state.db, "SELECT id FROM resource_files").await;
    let got = app
        .get(
            &app.client(),
            &format!("/resources/safety-planning-worksheet/files/{id}"),
        )
        .await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().to_vec(), docx);
    // Deleting the resource empties the bucket.
    let rid = count(&app.state.db, "SELECT id FROM resources").await;
    let r = app
        .post(
            &c,
            &format!("/staff/resources/{rid}/delete"),
            &format!("/staff/resources/{rid}/edit"),
            &[],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(moto.keys(bucket).await.is_empty());
    app.stop().await;
    let _ = moto.child.kill().await;
}
