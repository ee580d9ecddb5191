//! TalentLMS's REST API, read as a source of people: users
//! (`GET /api/v1/users`) and their groups (`GET /api/v1/groups`, then each group's members
//! from `GET /api/v1/groups/id:{id}`), read with the API key as HTTP Basic user name and an
//! empty password, as TalentLMS documents. Inactive users are left out.

use flowline_core::error::{AppError, ErrorCode};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

/// Where the provider's TalentLMS is (`https://acme.talentlms.com`) and its API key.
#[derive(Clone)]
pub struct TalentLms {
    pub url: String,
    pub api_key: String,
    pub client: reqwest::Client,
}

impl fmt::Debug for TalentLms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TalentLms")
            .field("url", &self.url)
            .field("api_key", &"[redacted]")
            .finish()
    }
}

/// A user as `GET /api/v1/users` lists them (the fields the import reads; ids come as
/// strings).
#[derive(Debug, Clone, Deserialize)]
pub struct ApiUser {
    #[serde(deserialize_with = "id_text")]
    pub id: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub user_type: String,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ApiGroup {
    #[serde(deserialize_with = "id_text")]
    id: String,
    name: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ApiMember {
    #[serde(deserialize_with = "id_text")]
    id: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ApiGroupDetail {
    #[serde(default)]
    users: Vec<ApiMember>,
}

/// TalentLMS sends ids as strings ("1"); accept numbers too.
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!("unexpected id {other}"))),
    }
}

fn unavailable(what: impl fmt::Display) -> AppError {
    tracing::warn!(error = %what, "TalentLMS request failed");
    AppError::new(
        ErrorCode::Upstream,
        format!("TalentLMS did not answer as expected ({what}). Nothing was imported."),
    )
}

impl TalentLms {
    async fn get<T: for<'de> Deserialize<'de>>(&self, path: &str) -> Result<T, AppError> {
        let url = format!("{}/api/v1/{path}", self.url);
        let res = self
            .client
            .get(&url)
            .basic_auth(&self.api_key, Some(""))
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(std::time::Duration::from_secs(30))
            .send()
            .await
            .map_err(|e| unavailable(format!("{path}: {e}")))?;
        let status = res.status();
        if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
            return Err(AppError::new(
                ErrorCode::Upstream,
                "TalentLMS refused the API key: check FLOWLINE_TALENTLMS_API_KEY. Nothing was \
                 imported.",
            ));
        }
        if !status.is_success() {
            return Err(unavailable(format!("{path}: HTTP {status}")));
        }
        res.json::<T>()
            .await
            .map_err(|e| unavailable(format!("{path}: {e}")))
    }

    /// Everyone active, each with the names of their groups.
    pub async fn people(&self) -> Result<Vec<(ApiUser, Vec<String>)>, AppError> {
        let users: Vec<ApiUser> = self.get("users").await?;
        let groups: Vec<ApiGroup> = self.get("groups").await?;
        let mut groups_of: HashMap<String, Vec<String>> = HashMap::new();
        for g in groups {
            let detail: ApiGroupDetail = self.get(&format!("groups/id:{}", g.id)).await?;
            for m in detail.users {
                groups_of.entry(m.id).or_default().push(g.name.clone());
            }
        }
        Ok(users
            .into_iter()
            .filter(|u| !u.status.eq_ignore_ascii_case("inactive"))
            .map(|u| {
                let groups = groups_of.remove(&u.id).unwrap_or_default();
                (u, groups)
            })
            .collect())
    }
}
