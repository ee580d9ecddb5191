//! Stories of Open Badges 3.0 credentials: an apprentice downloads their first badge as a
//! signed credential and adds it to LinkedIn; an employer verifies it without signing in
//! (and catches one changed character, a stranger's credential and a file that is not
//! JSON); an admin revokes one issued in error and rotates the issuer key.

use crate::both_backends;
use crate::helpers::learning::earn_first_mastered;
use crate::helpers::learning::{app_with_lessons, sign_up};
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{new_client, Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use services::credentials::status;
use services::demo::DEMO_PASSWORD;

async fn verify(app: &TestApp, body: String) -> (StatusCode, Value) {
    let res = new_client()
        .post(app.url("/api/v1/verify/credential"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("verify");
    let status = res.status();
    (status, res.json().await.expect("json"))
}

async fn an_apprentice_carries_a_badge_out_and_an_employer_verifies_it(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "ria@example.com").await;
    // No badge yet: nothing to download.
    let none = app.get("/api/v1/me/badges/first-mastered/credential").await;
    assert_eq!(none.status(), StatusCode::NOT_FOUND);
    earn_first_mastered(&app, &app.client).await;

    let res = app.get("/api/v1/me/badges/first-mastered/credential").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .contains("flowline-first-mastered.json"));
    let text = res.text().await.expect("body");
    let doc: Value = serde_json::from_str(&text).expect("a JSON-LD credential");
    assert!(doc["type"]
        .as_array()
        .expect("types")
        .contains(&json!("OpenBadgeCredential")));
    assert_eq!(doc["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(doc["credentialSubject"]["name"], "Sam Jointer");
    let criteria = doc["credentialSubject"]["achievement"]["criteria"]["narrative"]
        .as_str()
        .expect("criteria");
    assert!(criteria.contains("ST1332"), "{criteria}");
    // Asked again, it is the same credential, not a second one.
    let again = app
        .get("/api/v1/me/badges/first-mastered/credential")
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(again, text);

    // LinkedIn's add-a-certification form, filled in with the verify link.
    let linkedin = app.get("/api/v1/me/badges/first-mastered/linkedin").await;
    assert_eq!(linkedin.status(), StatusCode::SEE_OTHER);
    let to = linkedin.headers()["location"].to_str().expect("location");
    let id = doc["id"].as_str().expect("id");
    let bare = id.strip_prefix("urn:uuid:").expect("a urn:uuid id");
    assert!(
        to.starts_with("https://www.linkedin.com/profile/add?"),
        "{to}"
    );
    assert!(to.contains("name=First+KSB+mastered"), "{to}");
    assert!(to.contains(&format!("certId={bare}")), "{to}");

    // An employer, not signed in, verifies the file as downloaded.
    let (status, check) = verify(&app, text.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(check["verdict"], "valid", "{check}");
    assert_eq!(check["learner"], "Sam Jointer");
    assert_eq!(check["achievement"], "First KSB mastered");

    // One character changed in the learner's name: not genuine, and why.
    let forged = text.replacen("Sam Jointer", "Sam Jointed", 1);
    assert_ne!(forged, text);
    let (_, check) = verify(&app, forged).await;
    assert_eq!(check["verdict"], "invalid", "{check}");
    assert!(
        check["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("Not genuine")),
        "{check}"
    );
    // Signed by a key somewhere else: this site says it does not know that issuer.
    let mut stranger = doc.clone();
    stranger["proof"][0]["verificationMethod"] = json!("did:web:elsewhere.example#key-1");
    let (_, check) = verify(&app, stranger.to_string()).await;
    assert_eq!(check["verdict"], "unknown_issuer", "{check}");
    // Not a credential at all.
    let (status, err) = verify(&app, "{\"@context\": [".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("not JSON")));
    let binary = new_client()
        .post(app.url("/api/v1/verify/credential"))
        .header("content-type", "application/json")
        .body(vec![0x19u8, 0xff, 0xfe, 0x77])
        .send()
        .await
        .expect("verify");
    assert_eq!(binary.status(), StatusCode::BAD_REQUEST);
    let err: Value = binary.json().await.expect("a JSON error");
    assert!(err["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("not text")));
    let (_, check) = verify(&app, "{\"name\": \"a badge\"}".into()).await;
    assert_eq!(check["verdict"], "invalid", "{check}");

    // The QR code / LinkedIn link: verified by id, with the credential as issued.
    let stored = app
        .get_json(&format!("/api/v1/verify/credential/{id}"))
        .await;
    assert_eq!(stored["check"]["verdict"], "valid", "{stored}");
    assert_eq!(stored["credential"], doc);
    let missing = app
        .get("/api/v1/verify/credential/urn:uuid:00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // The issuer profile and its key are public, for verifiers elsewhere.
    let profile = app.get_json("/issuers/flowline").await;
    assert_eq!(profile["id"], doc["issuer"]["id"]);
    let method = doc["proof"][0]["verificationMethod"]
        .as_str()
        .expect("method");
    let path = method
        .strip_prefix(app.state.public_url.as_str())
        .expect("our key, under the site")
        .to_owned();
    assert_eq!(profile["assertionMethod"], json!([method]), "{profile}");
    let key = app.get_json(&path).await;
    assert!(
        key["publicKeyMultibase"]
            .as_str()
            .is_some_and(|k| k.starts_with("z6Mk")),
        "{key}"
    );

    // The admin rotates the key: what the old key signed still verifies.
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let learner = signed_in(&app, "learner@demo.flowline.test", DEMO_PASSWORD).await;
    let rotated = admin
        .post(app.url("/api/v1/admin/issuer/keys"))
        .send()
        .await
        .expect("rotate");
    assert_eq!(rotated.status(), StatusCode::CREATED);
    let rotated: Value = rotated.json().await.expect("json");
    assert_ne!(rotated["url"], json!(method));
    let (_, check) = verify(&app, text.clone()).await;
    assert_eq!(check["verdict"], "valid", "{check}");
    // The profile still stands by the old key, and by the new one.
    let profile = app.get_json("/issuers/flowline").await;
    let standing = profile["assertionMethod"].as_array().expect("keys");
    assert!(standing.contains(&json!(method)) && standing.contains(&rotated["url"]));
    // A learner cannot rotate it, nor revoke.
    let refused = learner
        .post(app.url("/api/v1/admin/issuer/keys"))
        .send()
        .await
        .expect("rotate");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Issued in error: the admin revokes it (with a reason), and everyone sees it revoked.
    let revoke = |reason: &str| {
        admin
            .post(app.url(&format!("/api/v1/admin/credentials/{id}/revoke")))
            .json(&json!({ "reason": reason }))
            .send()
    };
    let blank = revoke("  ").await.expect("revoke");
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        revoke("Awarded on a test account")
            .await
            .expect("revoke")
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        revoke("again").await.expect("revoke").status(),
        StatusCode::CONFLICT
    );
    let (_, check) = verify(&app, text.clone()).await;
    assert_eq!(check["verdict"], "revoked", "{check}");
    assert!(
        check["reason"]
            .as_str()
            .is_some_and(|r| r.contains("Awarded on a test account")),
        "{check}"
    );
    // The public status list has the credential's bit set, and no other.
    let list = app.get_json("/credentials/status/revocation").await;
    let encoded = list["credentialSubject"]["encodedList"]
        .as_str()
        .expect("encodedList");
    let index: i64 = doc["credentialStatus"]["statusListIndex"]
        .as_str()
        .expect("index")
        .parse()
        .expect("a number");
    assert_eq!(status::is_set(encoded, index), Some(true));
    assert_eq!(status::is_set(encoded, index + 1), Some(false));
    assert_eq!(list["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
}
both_backends!(an_apprentice_carries_a_badge_out_and_an_employer_verifies_it);

/// A badge awarded in error: the admin revokes it from the Badges list before the apprentice
/// downloaded it (their app says why and offers no download), reinstates it (they download
/// it), revokes it again after the download (anyone checking that copy is told), and
/// reinstates it once more: the next download is a new credential, the revoked one stays
/// revoked.
async fn an_admin_revokes_a_badge_before_and_after_its_download(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    sign_up(&app, "ria@example.com").await;
    earn_first_mastered(&app, &app.client).await;
    let me = app.get_json("/api/v1/me").await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let badges = || async {
        let all: Value = admin
            .get(app.url("/api/v1/admin/badges"))
            .send()
            .await
            .expect("badges")
            .json()
            .await
            .expect("json");
        all.as_array()
            .expect("list")
            .iter()
            .find(|b| b["learner_id"] == me["id"] && b["key"] == "first-mastered")
            .cloned()
            .expect("Ria's badge")
    };
    let badge = badges().await;
    assert_eq!(badge["credentials"], 0, "not downloaded yet: {badge}");
    let id = badge["id"].as_str().expect("id").to_owned();
    let act = |what: &'static str, body: Value| {
        admin
            .post(app.url(&format!("/api/v1/admin/badges/{id}/{what}")))
            .json(&body)
            .send()
    };
    let download = || app.get("/api/v1/me/badges/first-mastered/credential");
    let earned = || async {
        let p = app.get_json("/api/v1/progress").await;
        p["badges"]["earned"]
            .as_array()
            .expect("earned")
            .iter()
            .find(|b| b["key"] == "first-mastered")
            .cloned()
            .expect("still listed")
    };

    // Before any download.
    let blank = act("revoke", json!({"reason": " "})).await.expect("revoke");
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = act(
        "revoke",
        json!({"reason": "Answers shared in a group chat"}),
    )
    .await
    .expect("revoke");
    assert_eq!(res.status(), StatusCode::OK);
    let revoked: Value = res.json().await.expect("json");
    assert_eq!(
        revoked["revoked"]["reason"],
        "Answers shared in a group chat"
    );
    assert_eq!(
        act("revoke", json!({"reason": "again"}))
            .await
            .expect("revoke")
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(earned().await["revoked"], "Answers shared in a group chat");
    let refused = download().await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let why: Value = refused.json().await.expect("json");
    assert!(
        why["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Answers shared in a group chat")),
        "{why}"
    );
    let linkedin = app.get("/api/v1/me/badges/first-mastered/linkedin").await;
    assert_eq!(linkedin.status(), StatusCode::CONFLICT);

    // Reinstated: downloaded.
    let res = act("reinstate", json!({})).await.expect("reinstate");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        act("reinstate", json!({}))
            .await
            .expect("reinstate")
            .status(),
        StatusCode::CONFLICT
    );
    assert!(earned().await.get("revoked").is_none());
    let first = download().await;
    assert_eq!(first.status(), StatusCode::OK);
    let first = first.text().await.expect("credential");

    // Revoked after the download: that copy now checks as revoked.
    let res = act("revoke", json!({"reason": "Awarded on a test account"}))
        .await
        .expect("revoke");
    assert_eq!(res.status(), StatusCode::OK);
    let (_, check) = verify(&app, first.clone()).await;
    assert_eq!(check["verdict"], "revoked", "{check}");
    assert!(check["reason"]
        .as_str()
        .is_some_and(|r| r.contains("Awarded on a test account")));
    assert_eq!(download().await.status(), StatusCode::CONFLICT);

    // Reinstated again: a new credential; the first stays revoked.
    act("reinstate", json!({})).await.expect("reinstate");
    let second = download().await.text().await.expect("credential");
    let (first_doc, second_doc): (Value, Value) = (
        serde_json::from_str(&first).expect("json"),
        serde_json::from_str(&second).expect("json"),
    );
    assert_ne!(first_doc["id"], second_doc["id"]);
    assert_eq!(verify(&app, second).await.1["verdict"], "valid");
    assert_eq!(verify(&app, first).await.1["verdict"], "revoked");
    assert_eq!(badges().await["credentials"], 2);

    // Only an admin manages badges.
    let learner = app
        .client
        .post(app.url(&format!("/api/v1/admin/badges/{id}/revoke")))
        .json(&json!({"reason": "mine"}))
        .send()
        .await
        .expect("revoke");
    assert_eq!(learner.status(), StatusCode::FORBIDDEN);
}
both_backends!(an_admin_revokes_a_badge_before_and_after_its_download);
