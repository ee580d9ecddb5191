//! Stories of evidence from the job. Alex photographs a joint he made; his phone sends the
//! photo in chunks, loses the connection halfway, asks where it stands and carries on; sends
//! the evidence twice (a retry) and it is stored once. Morgan, his mentor, finds it waiting on
//! the board, opens the photo, asks for more, then signs off what Alex sent again: it is an
//! observation on Alex's evidence chain with the photo's SHA-256, a thumbnail in his portfolio
//! PDF and an attachment of his xAPI statement. Nobody else can open the photo. A file that is
//! too large, of the wrong type, or arrives changed is refused and nothing of it is kept.

use crate::both_backends;
use crate::helpers::job_evidence::{declare, send_chunk, sha256, submit, upload, JOINT_JPEG};
use crate::helpers::learning::app_with_lessons;
use crate::helpers::mentor::user_id;
use crate::helpers::people::{create_account, signed_in, ADMIN};
use crate::helpers::{error_of, new_client, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::evidence::trail::verify;

const LEARNER: &str = "learner@demo.flowline.test";
const MENTOR: &str = "mentor@demo.flowline.test";

async fn get(app: &TestApp, who: &Client, path: &str) -> (StatusCode, Value) {
    let res = who.get(app.url(path)).send().await.expect("get");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn review(app: &TestApp, who: &Client, id: &str, body: Value) -> reqwest::Response {
    who.post(app.url(&format!("/api/v1/job-evidence/{id}/review")))
        .json(&body)
        .send()
        .await
        .expect("review")
}

/// The text and the number of images of a PDF, as poppler reads them.
fn read_pdf(bytes: &[u8]) -> (String, usize) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("portfolio.pdf");
    std::fs::write(&path, bytes).expect("write");
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (scripts/setup.sh --test installs poppler-utils)");
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages");
    let listed = String::from_utf8_lossy(&images.stdout)
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .count();
    (String::from_utf8_lossy(&text.stdout).into_owned(), listed)
}

async fn a_photo_from_the_job_reaches_the_mentor_once_and_is_signed_off_onto_the_chain(
    backend: Backend,
) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let alex_id = user_id(&app, LEARNER).await;
    let alex = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let morgan = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    // A photo larger than one chunk (bytes after a JPEG's end are ignored by its readers).
    let mut photo = JOINT_JPEG.to_vec();
    photo.extend(std::iter::repeat_n(0u8, 700_000));

    // Declared, then the first chunk; the connection drops and the next chunk is sent from
    // the wrong place: refused, and the upload says where it stands.
    let (status, state) = declare(&app, &alex, "image/jpeg", &photo).await;
    assert_eq!(status, StatusCode::CREATED, "{state}");
    let id = state["id"].as_str().expect("id").to_owned();
    let chunk = state["chunk_bytes"].as_u64().expect("chunk") as usize;
    assert_eq!(state["received"], 0);
    let res = send_chunk(&app, &alex, &id, 0, &photo[..chunk]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["upload-offset"], chunk.to_string().as_str());
    let (status, err) =
        error_of(send_chunk(&app, &alex, &id, 1000, &photo[1000..chunk]).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("byte {chunk}"))),
        "{err}"
    );
    let (status, state) = get(&app, &alex, &format!("/api/v1/uploads/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state["received"], chunk as u64);
    assert_eq!(state["complete"], false);
    // Declaring the same photo again (the phone restarted) finds this upload.
    let (_, again) = declare(&app, &alex, "image/jpeg", &photo).await;
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["received"], chunk as u64);
    // The rest: complete, checked against its SHA-256.
    let res = send_chunk(&app, &alex, &id, chunk, &photo[chunk..]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let state: Value = res.json().await.expect("state");
    assert_eq!(state["complete"], true, "{state}");
    assert_eq!(upload(&app, &alex, "image/jpeg", &photo).await, id);

    // The evidence, sent twice (a retry): stored once.
    let caption = "Straight joint on 11 kV XLPE, before the heat-shrink went on";
    let res = submit(&app, &alex, "phone-7f3a", caption, &["S3", "K2"], &[&id]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let first: Value = res.json().await.expect("evidence");
    assert_eq!(first["status"], "submitted");
    assert_eq!(first["ksb_codes"], json!(["K2", "S3"]));
    assert_eq!(first["files"][0]["sha256"], sha256(&photo));
    assert_eq!(first["files"][0]["kind"], "photo");
    let res = submit(&app, &alex, "phone-7f3a", caption, &["S3", "K2"], &[&id]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: Value = res.json().await.expect("evidence");
    assert_eq!(second["id"], first["id"]);
    let evidence_id = first["id"].as_str().expect("id").to_owned();
    let (_, mine) = get(
        &app,
        &alex,
        &format!("/api/v1/learners/{alex_id}/job-evidence"),
    )
    .await;
    assert_eq!(mine.as_array().expect("list").len(), 1, "{mine}");

    // Morgan: on his board, in his list, the photo opens.
    let (_, cohorts) = get(&app, &morgan, "/api/v1/mentor/cohorts").await;
    let cohort = cohorts[0]["id"].as_str().expect("cohort");
    let (_, board) = get(
        &app,
        &morgan,
        &format!("/api/v1/mentor/cohorts/{cohort}/learners"),
    )
    .await;
    assert!(
        board["alerts"]
            .as_array()
            .expect("alerts")
            .iter()
            .any(|a| a["kind"] == "evidence_to_review"
                && a["message"] == "1 piece of evidence from the job to review"),
        "{board}"
    );
    let (_, waiting) = get(&app, &morgan, "/api/v1/mentor/job-evidence").await;
    assert_eq!(waiting[0]["id"], evidence_id.as_str(), "{waiting}");
    assert_eq!(waiting[0]["learner_name"], "Alex Apprentice");
    let file_url = waiting[0]["files"][0]["url"]
        .as_str()
        .expect("url")
        .to_owned();
    let res = morgan.get(app.url(&file_url)).send().await.expect("file");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), photo.as_slice());
    let res = morgan
        .get(app.url(&file_url))
        .header("range", "bytes=0-3")
        .send()
        .await
        .expect("range");
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);

    // Nobody else: a visitor, another apprentice, the public media path.
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    create_account(&app, &admin, "sam@example.com", "Sam Other", "learner").await;
    let sam = signed_in(&app, "sam@example.com", "a-long-password").await;
    for who in [&new_client(), &sam] {
        let status = who
            .get(app.url(&file_url))
            .send()
            .await
            .expect("file")
            .status();
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::UNAUTHORIZED,
            "{status}"
        );
    }
    let public = new_client()
        .get(app.url(&format!("/media/evidence/{id}/file")))
        .send()
        .await
        .expect("media");
    assert_eq!(public.status(), StatusCode::NOT_FOUND);

    // Asking for more needs a note; Alex changes the caption and sends it again.
    let (status, err) = error_of(
        review(
            &app,
            &morgan,
            &evidence_id,
            json!({"decision": "ask_for_more"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "note");
    let res = review(
        &app,
        &morgan,
        &evidence_id,
        json!({"decision": "ask_for_more", "note": "Say which cable and the joint kit you used."}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let asked: Value = res.json().await.expect("asked");
    assert_eq!(asked["status"], "more_asked");
    assert_eq!(asked["reviewer"], "Morgan Mentor");
    let changed = json!({"client_id": "phone-7f3a",
        "caption": format!("{caption}: 185 mm² triplex, Raychem kit"),
        "ksb_codes": ["S3", "K2"], "captured_at": chrono::Utc::now().to_rfc3339(),
        "uploads": [id]});
    let res = alex
        .put(app.url(&format!("/api/v1/me/job-evidence/{evidence_id}")))
        .json(&changed)
        .send()
        .await
        .expect("resubmit");
    assert_eq!(res.status(), StatusCode::OK);

    // Signed off: an observation on the chain with the photo's hash.
    let (_, before) = get(
        &app,
        &alex,
        &format!("/api/v1/learners/{alex_id}/readiness"),
    )
    .await;
    let count_before = before["evidence_count"].as_i64().expect("count");
    let res = review(
        &app,
        &morgan,
        &evidence_id,
        json!({"decision": "accept", "note": "Good preparation and a clean finish."}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let accepted: Value = res.json().await.expect("accepted");
    assert_eq!(accepted["status"], "accepted");
    let (status, err) =
        error_of(review(&app, &morgan, &evidence_id, json!({"decision": "accept"})).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("Morgan Mentor signed this off already")),
        "{err}"
    );
    let (_, after) = get(
        &app,
        &alex,
        &format!("/api/v1/learners/{alex_id}/readiness"),
    )
    .await;
    assert_eq!(after["evidence_count"].as_i64(), Some(count_before + 1));
    let report = verify(&app.db, None).await.expect("verify");
    assert!(report.ok, "{report:?}");

    // In the portfolio: the observation with its file by hash; a thumbnail in the PDF.
    let (_, p) = get(
        &app,
        &alex,
        &format!("/api/v1/learners/{alex_id}/portfolio"),
    )
    .await;
    let observation = &p["observations"][0];
    assert_eq!(observation["note"], "Good preparation and a clean finish.");
    assert_eq!(observation["files"][0]["sha256"], sha256(&photo));
    let statement = p["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .find(|s| s["attachments"].is_array())
        .expect("a statement with attachments");
    assert_eq!(statement["attachments"][0]["sha2"], sha256(&photo));
    assert_eq!(statement["attachments"][0]["contentType"], "image/jpeg");
    let res = alex
        .get(app.url(&format!("/api/v1/learners/{alex_id}/portfolio.pdf")))
        .send()
        .await
        .expect("pdf");
    assert_eq!(res.status(), StatusCode::OK);
    let (text, images) = read_pdf(&res.bytes().await.expect("pdf"));
    let short = &sha256(&photo)[..16];
    assert!(text.contains(&format!("SHA-256 {short}")), "{text}");
    assert_eq!(
        images, 1,
        "the photo's thumbnail (the QR code is drawn, not an image)"
    );
}

async fn a_file_too_large_of_another_type_or_changed_on_the_way_is_refused_and_nothing_is_kept(
    backend: Backend,
) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let alex = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let too_large = alex
        .post(app.url("/api/v1/uploads"))
        .json(&json!({"content_type": "image/jpeg", "size": 16 * 1024 * 1024, "sha256": "a".repeat(64)}))
        .send()
        .await
        .expect("declare");
    let (status, err) = error_of(too_large).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(message.contains("15 MB"), "{err}");
    let (status, err) = declare(&app, &alex, "application/pdf", b"%PDF-1.7").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "content_type");

    // A PNG sent as a JPEG: the bytes match their hash but not their type.
    let png = b"\x89PNG\r\n\x1a\n0000000000000000".to_vec();
    let (_, state) = declare(&app, &alex, "image/jpeg", &png).await;
    let id = state["id"].as_str().expect("id").to_owned();
    let (status, err) = error_of(send_chunk(&app, &alex, &id, 0, &png).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["field"], "content_type");
    let (_, state) = get(&app, &alex, &format!("/api/v1/uploads/{id}")).await;
    assert_eq!(state["received"], 0, "starts again from nothing");
    assert_eq!(state["complete"], false);

    // Changed on the way: the bytes do not match the declared hash.
    let (_, state) = declare(&app, &alex, "image/jpeg", JOINT_JPEG).await;
    let id = state["id"].as_str().expect("id").to_owned();
    let mut changed = JOINT_JPEG.to_vec();
    changed[100] ^= 0xFF;
    let (status, err) = error_of(send_chunk(&app, &alex, &id, 0, &changed).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["field"], "sha256");
    let stored = app
        .media_dir
        .join("evidence")
        .join(&id)
        .join("file")
        .exists();
    assert!(!stored, "no half or changed file is stored");
    // An empty chunk says so.
    let (status, err) = error_of(send_chunk(&app, &alex, &id, 0, &[]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    // Evidence naming an unfinished upload is refused by which file it is.
    let res = submit(&app, &alex, "phone-1", "A joint", &["S3"], &[&id]).await;
    let (status, err) = error_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["message"], "File 1 has not finished uploading.");
    // Sent whole again, it is complete.
    assert_eq!(upload(&app, &alex, "image/jpeg", JOINT_JPEG).await, id);
    let res = submit(&app, &alex, "phone-1", "A joint", &["X9"], &[&id]).await;
    let (status, err) = error_of(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["message"], "X9 is not a KSB of ST1332.");
}

/// The server stopped after the last chunk arrived and before the file was put together:
/// the phone declares the photo again (or asks where it stands) and it is finished then.
async fn an_upload_whose_bytes_all_arrived_is_finished_when_asked_again(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let alex = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let (_, state) = declare(&app, &alex, "image/jpeg", JOINT_JPEG).await;
    let id = state["id"].as_str().expect("id").to_owned();
    // As the last chunk left it: stored under its offset, counted, never put together.
    app.media
        .put(
            &format!("evidence/{id}/parts/{:012}", 0),
            JOINT_JPEG.to_vec(),
        )
        .await
        .expect("part");
    let mut conn = app.db.pool.acquire().await.expect("conn");
    sqlx::query("UPDATE uploads SET received = size WHERE id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await
        .expect("received");
    drop(conn);
    let (status, again) = declare(&app, &alex, "image/jpeg", JOINT_JPEG).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["id"], id.as_str());
    assert_eq!(again["complete"], true, "{again}");
    let res = alex
        .get(app.url(&format!("/api/v1/files/{id}")))
        .send()
        .await
        .expect("file");
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), JOINT_JPEG);
}

both_backends!(a_photo_from_the_job_reaches_the_mentor_once_and_is_signed_off_onto_the_chain);
both_backends!(an_upload_whose_bytes_all_arrived_is_finished_when_asked_again);
both_backends!(
    a_file_too_large_of_another_type_or_changed_on_the_way_is_refused_and_nothing_is_kept
);
