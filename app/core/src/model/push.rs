//! Web Push: the server's public key, and a browser's subscription as `PushSubscription.toJSON()`
//! gives it.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/push/key`: what a browser subscribes with (`applicationServerKey`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKey {
    /// The server's VAPID public key: an uncompressed P-256 point, base64url.
    pub public_key: String,
}

/// The keys of a subscription, base64url.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKeys {
    pub p256dh: String,
    pub auth: String,
}

/// `POST /api/v1/me/push-subscriptions`: this browser's subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushSubscriptionIn {
    /// The push service's URL for this browser.
    pub endpoint: String,
    pub keys: PushKeys,
}
