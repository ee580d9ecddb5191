//! Values with one spelling wherever they are written down: in JSON, in the database and in
//! logs. [`text_enum!`](crate::text_enum) declares a status or kind as an enum with one
//! `as_str`/`parse` pair; [`text_id!`](crate::text_id) declares an id that cannot be passed
//! where another kind of id is meant; [`Flag`] is a yes/no stored as `0`/`1` (the portable
//! spelling of a boolean on both databases, see `docs/decisions.md`).
//!
//! With the `sqlx` feature each of them is also a column type, so a row struct holds the
//! typed value and a bad value in the database is a decode error, not a string that travels.

use serde::{Deserialize, Serialize};

/// An enum spelled as text: `as_str`, `parse`, `ALL`, `Display`, serde under the same
/// spelling and, with the `sqlx` feature, a TEXT column type.
///
/// ```
/// flowline_core::text_enum! {
///     /// Where a job is in its life.
///     pub enum JobStatus { Queued = "queued", Done = "done" }
/// }
/// assert_eq!(JobStatus::parse("done"), Some(JobStatus::Done));
/// assert_eq!(JobStatus::Queued.as_str(), "queued");
/// ```
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            // `tt`, not `literal`: a `literal` fragment reaches derives wrapped in an invisible
            // group, and utoipa then misses the `rename` (the OpenAPI document would spell
            // `Question` where the wire says `question`).
            $( $(#[$vmeta:meta])* $variant:ident = $text:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive($crate::__private::serde::Serialize, $crate::__private::serde::Deserialize)]
        #[serde(crate = "flowline_core::__private::serde")]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The one spelling of this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value spelled `s`, if any.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $crate::__text_column!($name, parse);
    };
}

/// An id of one kind of thing (a learner, a lesson…): text that cannot be mixed up with another
/// kind of id. Serialises as a plain string; with the `sqlx` feature, a TEXT column type.
#[macro_export]
macro_rules! text_id {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[derive($crate::__private::serde::Serialize, $crate::__private::serde::Deserialize)]
        #[serde(crate = "flowline_core::__private::serde", transparent)]
        $vis struct $name(String);

        impl $name {
            /// The id as text (for SQL, URLs and logs).
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        // Hash, Eq and Ord are the text's (derived over the one field), so a map keyed by
        // ids can be read with a `&str`.
        impl ::std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        $crate::__text_column!($name, id);
    };
}

/// A yes/no, stored as `0`/`1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Flag(pub bool);

impl Flag {
    pub const YES: Flag = Flag(true);
    pub const NO: Flag = Flag(false);

    pub fn is_set(self) -> bool {
        self.0
    }
}

impl From<bool> for Flag {
    fn from(b: bool) -> Self {
        Flag(b)
    }
}

impl From<Flag> for bool {
    fn from(f: Flag) -> Self {
        f.0
    }
}

/// The column type of a [`text_enum!`] (`parse`) or [`text_id!`] (`id`) under the `sqlx`
/// feature; nothing without it.
#[cfg(feature = "sqlx")]
#[doc(hidden)]
#[macro_export]
macro_rules! __text_column {
    ($name:ident, $how:ident) => {
        impl $crate::__private::sqlx::Type<$crate::__private::sqlx::Any> for $name {
            fn type_info() -> $crate::__private::sqlx::any::AnyTypeInfo {
                <String as $crate::__private::sqlx::Type<$crate::__private::sqlx::Any>>::type_info()
            }
            fn compatible(ty: &$crate::__private::sqlx::any::AnyTypeInfo) -> bool {
                <String as $crate::__private::sqlx::Type<$crate::__private::sqlx::Any>>::compatible(
                    ty,
                )
            }
        }

        impl<'r> $crate::__private::sqlx::Decode<'r, $crate::__private::sqlx::Any> for $name {
            fn decode(
                value: $crate::__private::sqlx::any::AnyValueRef<'r>,
            ) -> Result<Self, $crate::__private::sqlx::error::BoxDynError> {
                let s = <&str as $crate::__private::sqlx::Decode<
                    'r,
                    $crate::__private::sqlx::Any,
                >>::decode(value)?;
                $crate::__text_column!(@decode $name, $how, s)
            }
        }

        impl<'q> $crate::__private::sqlx::Encode<'q, $crate::__private::sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <$crate::__private::sqlx::Any as $crate::__private::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<
                $crate::__private::sqlx::encode::IsNull,
                $crate::__private::sqlx::error::BoxDynError,
            > {
                <String as $crate::__private::sqlx::Encode<'q, $crate::__private::sqlx::Any>>::encode(
                    self.as_str().to_owned(),
                    buf,
                )
            }
        }
    };
    (@decode $name:ident, parse, $s:ident) => {
        $name::parse($s).ok_or_else(|| {
            format!("{:?} is not a {}", $s, stringify!($name)).into()
        })
    };
    (@decode $name:ident, id, $s:ident) => {
        Ok($name($s.to_owned()))
    };
}

#[cfg(not(feature = "sqlx"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __text_column {
    ($name:ident, $how:ident) => {};
}

#[cfg(feature = "sqlx")]
mod column {
    use super::Flag;
    use sqlx::any::{AnyTypeInfo, AnyValueRef};
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::{Any, Database, Decode, Encode, Type};

    impl Type<Any> for Flag {
        fn type_info() -> AnyTypeInfo {
            <i64 as Type<Any>>::type_info()
        }
        fn compatible(ty: &AnyTypeInfo) -> bool {
            <i64 as Type<Any>>::compatible(ty)
        }
    }

    impl<'r> Decode<'r, Any> for Flag {
        fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
            // Any non-zero value is yes, as `!= 0` read it before the type.
            Ok(Flag(<i64 as Decode<'r, Any>>::decode(value)? != 0))
        }
    }

    impl<'q> Encode<'q, Any> for Flag {
        fn encode_by_ref(
            &self,
            buf: &mut <Any as Database>::ArgumentBuffer<'q>,
        ) -> Result<IsNull, BoxDynError> {
            <i64 as Encode<'q, Any>>::encode(i64::from(self.0), buf)
        }
    }
}

#[cfg(all(test, feature = "openapi"))]
mod tests {
    use crate::domain::interaction::{InteractionKind, Rating};
    use crate::model::studio::{JobStatus, LessonStatus};
    use crate::model::{EscalationStatus, LogStatus, MessageKind};
    use utoipa::PartialSchema;

    /// The values the OpenAPI schema of `T` lists.
    fn listed<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).expect("schema");
        schema["enum"]
            .as_array()
            .expect("an enum schema")
            .iter()
            .map(|v| v.as_str().expect("text").to_owned())
            .collect()
    }

    fn spelled(all: &[&str]) -> Vec<String> {
        all.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_openapi_document_spells_each_value_as_the_wire_does() {
        assert_eq!(
            listed::<MessageKind>(),
            spelled(&MessageKind::ALL.map(MessageKind::as_str))
        );
        assert_eq!(
            listed::<InteractionKind>(),
            spelled(&InteractionKind::ALL.map(InteractionKind::as_str))
        );
        assert_eq!(
            listed::<Rating>(),
            spelled(&Rating::ALL.map(Rating::as_str))
        );
        assert_eq!(
            listed::<LessonStatus>(),
            spelled(&LessonStatus::ALL.map(LessonStatus::as_str))
        );
        assert_eq!(
            listed::<JobStatus>(),
            spelled(&JobStatus::ALL.map(JobStatus::as_str))
        );
        assert_eq!(
            listed::<EscalationStatus>(),
            spelled(&EscalationStatus::ALL.map(EscalationStatus::as_str))
        );
        assert_eq!(
            listed::<LogStatus>(),
            spelled(&LogStatus::ALL.map(LogStatus::as_str))
        );
        assert_eq!(
            serde_json::to_value(MessageKind::NoMatch).expect("json"),
            serde_json::json!("no_match")
        );
    }
}
