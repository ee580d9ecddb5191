//! From an LMS export's columns to people: which column holds what (TalentLMS's names are
//! known; any other export is mapped by hand), and each row read into a person or a problem.

use flowline_core::domain::{DisplayName, Email, Role};
use flowline_core::model::{ColumnMapping, RowProblem};

/// Header names each field is guessed from, lowercase, best first (TalentLMS's first).
const GUESSES: [(Field, &[&str]); 6] = [
    (
        Field::Email,
        &["email", "e-mail", "email address", "e-mail address", "mail"],
    ),
    (
        Field::FirstName,
        &[
            "firstname",
            "first name",
            "first_name",
            "given name",
            "forename",
        ],
    ),
    (
        Field::LastName,
        &[
            "lastname",
            "last name",
            "last_name",
            "surname",
            "family name",
        ],
    ),
    (
        Field::Name,
        &["name", "full name", "display name", "learner", "user"],
    ),
    (
        Field::Cohort,
        &["group", "cohort", "class", "groups", "cohorts"],
    ),
    (Field::Role, &["user-type", "user type", "role", "type"]),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Email,
    FirstName,
    LastName,
    Name,
    Cohort,
    Role,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Name => "name",
            Field::Cohort => "cohort",
            Field::Role => "role",
        }
    }

    fn given(self, m: &ColumnMapping) -> Option<&String> {
        match self {
            Field::Email => m.email.as_ref(),
            Field::FirstName => m.first_name.as_ref(),
            Field::LastName => m.last_name.as_ref(),
            Field::Name => m.name.as_ref(),
            Field::Cohort => m.cohort.as_ref(),
            Field::Role => m.role.as_ref(),
        }
        .filter(|s| !s.trim().is_empty())
    }

    fn set(self, m: &mut ColumnMapping, v: String) {
        let slot = match self {
            Field::Email => &mut m.email,
            Field::FirstName => &mut m.first_name,
            Field::LastName => &mut m.last_name,
            Field::Name => &mut m.name,
            Field::Cohort => &mut m.cohort,
            Field::Role => &mut m.role,
        };
        *slot = Some(v);
    }
}

/// The columns of each field (a TalentLMS export repeats "Group" once per group).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    email: usize,
    first: Option<usize>,
    last: Option<usize>,
    name: Option<usize>,
    cohorts: Vec<usize>,
    role: Option<usize>,
}

/// Why a mapping cannot be used: (field, message).
pub type MappingError = (String, String);

/// Resolves the mapping against the headers: the admin's choices, then guesses.
pub fn resolve(
    headers: &[String],
    given: &ColumnMapping,
) -> Result<(ColumnMapping, Columns), MappingError> {
    let norm = |s: &str| s.trim().to_lowercase();
    let mut mapping = ColumnMapping::default();
    let mut found: Vec<(Field, Vec<usize>)> = Vec::new();
    for (field, guesses) in GUESSES {
        let at = |name: &str| -> Vec<usize> {
            headers
                .iter()
                .enumerate()
                .filter(|(_, h)| norm(h) == norm(name))
                .map(|(i, _)| i)
                .collect()
        };
        let hits = match field.given(given) {
            Some(name) => {
                let hits = at(name);
                if hits.is_empty() {
                    return Err((
                        format!("mapping.{}", field.key()),
                        format!("The file has no column called “{}”.", name.trim()),
                    ));
                }
                hits
            }
            None => guesses
                .iter()
                .map(|g| at(g))
                .find(|h| !h.is_empty())
                .unwrap_or_default(),
        };
        if let Some(&first) = hits.first() {
            field.set(&mut mapping, headers[first].clone());
            found.push((field, hits));
        }
    }
    let one = |f: Field| {
        found
            .iter()
            .find(|(g, _)| *g == f)
            .and_then(|(_, h)| h.first().copied())
    };
    let email = one(Field::Email).ok_or_else(|| {
        (
            "mapping.email".to_owned(),
            "Choose the column that holds e-mail addresses.".to_owned(),
        )
    })?;
    let columns = Columns {
        email,
        first: one(Field::FirstName),
        last: one(Field::LastName),
        name: one(Field::Name),
        cohorts: found
            .iter()
            .find(|(g, _)| *g == Field::Cohort)
            .map(|(_, h)| h.clone())
            .unwrap_or_default(),
        role: one(Field::Role),
    };
    if columns.name.is_none() && columns.first.is_none() && columns.last.is_none() {
        return Err((
            "mapping.name".to_owned(),
            "Choose the column with the name, or the first-name and last-name columns.".to_owned(),
        ));
    }
    Ok((mapping, columns))
}

/// One row read into a person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonIn {
    pub line: u64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Cohort names as written in the file.
    pub cohorts: Vec<String>,
}

/// An LMS's user type as a Flowline role: learners and mentors are imported; admins are not.
pub fn role_of(raw: &str) -> Result<Role, String> {
    match raw.trim().to_lowercase().as_str() {
        "" | "learner" | "learner-type" | "learner type" | "apprentice" | "student" => {
            Ok(Role::Learner)
        }
        "mentor" | "trainer" | "trainer-type" | "trainer type" | "instructor"
        | "instructor-type" | "supervisor" => Ok(Role::Mentor),
        "admin" | "administrator" | "admin-type" | "superadmin" | "super admin" => {
            Err("admins are not imported: give admin rights by hand on People".to_owned())
        }
        _ => Err(format!(
            "“{}” is not a role Flowline knows: use learner (Learner-Type) or mentor \
             (Trainer-Type)",
            raw.trim()
        )),
    }
}

fn problem(line: u64, field: &str, message: impl Into<String>) -> RowProblem {
    RowProblem {
        line,
        field: field.to_owned(),
        message: message.into(),
    }
}

/// Reads one row (`line` counts the header as 1).
pub fn person(line: u64, record: &[String], c: &Columns) -> Result<PersonIn, RowProblem> {
    let cell = |i: Option<usize>| {
        i.and_then(|i| record.get(i))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    if record.iter().all(|s| s.trim().is_empty()) {
        return Err(problem(line, "row", "The row is empty."));
    }
    let email = Email::parse(cell(Some(c.email))).map_err(|_| {
        let raw = cell(Some(c.email));
        if raw.is_empty() {
            problem(line, "email", "No e-mail address.")
        } else {
            problem(line, "email", format!("“{raw}” is not an e-mail address."))
        }
    })?;
    let whole = cell(c.name);
    let name = if whole.is_empty() {
        format!("{} {}", cell(c.first), cell(c.last))
    } else {
        whole.to_owned()
    };
    if name.trim().is_empty() {
        return Err(problem(line, "name", "No name."));
    }
    let display_name =
        DisplayName::parse(name.trim()).map_err(|e| problem(line, "name", e.message))?;
    let role = role_of(cell(c.role)).map_err(|m| problem(line, "role", m))?;
    let mut cohorts: Vec<String> = Vec::new();
    for &i in &c.cohorts {
        let v = cell(Some(i));
        if !v.is_empty() && !cohorts.iter().any(|n| n.eq_ignore_ascii_case(v)) {
            cohorts.push(v.to_owned());
        }
    }
    Ok(PersonIn {
        line,
        email: email.as_str().to_owned(),
        display_name: display_name.as_str().to_owned(),
        role,
        cohorts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_talentlms_export_maps_itself_with_every_group_column() {
        let h = headers(&[
            "Login",
            "Firstname",
            "Lastname",
            "Email",
            "User-type",
            "Bio",
            "Group",
            "Group",
        ]);
        let (mapping, c) = resolve(&h, &ColumnMapping::default()).expect("maps");
        assert_eq!(mapping.email.as_deref(), Some("Email"));
        assert_eq!(mapping.role.as_deref(), Some("User-type"));
        assert_eq!(mapping.cohort.as_deref(), Some("Group"));
        let p = person(
            2,
            &row(&[
                "priya",
                "Priya",
                "Shah",
                "Priya@Example.com ",
                "Learner-Type",
                "",
                "North 2026",
                "Safety",
            ]),
            &c,
        )
        .expect("a person");
        assert_eq!(p.email, "priya@example.com");
        assert_eq!(p.display_name, "Priya Shah");
        assert_eq!(p.role, Role::Learner);
        assert_eq!(p.cohorts, ["North 2026", "Safety"]);
    }

    #[test]
    fn another_lms_is_mapped_by_hand_and_a_missing_column_is_named() {
        let h = headers(&["Learner email", "Learner", "Intake"]);
        assert_eq!(
            resolve(&h, &ColumnMapping::default())
                .map(|_| ())
                .expect_err("no e-mail column")
                .0,
            "mapping.email"
        );
        let given = ColumnMapping {
            email: Some("Learner email".into()),
            cohort: Some("Intake".into()),
            ..ColumnMapping::default()
        };
        let (_, c) = resolve(&h, &given).expect("maps");
        let p = person(2, &row(&["a@b.co", "Sam Hill", "North"]), &c).expect("person");
        assert_eq!((p.display_name.as_str(), p.cohorts.len()), ("Sam Hill", 1));
        let wrong = ColumnMapping {
            email: Some("Mail".into()),
            ..ColumnMapping::default()
        };
        let (field, message) = resolve(&h, &wrong).map(|_| ()).expect_err("no such column");
        assert_eq!(field, "mapping.email");
        assert!(message.contains("“Mail”"), "{message}");
    }

    #[test]
    fn bad_rows_say_which_field_and_why() {
        let h = headers(&["Email", "Name", "Role"]);
        let (_, c) = resolve(&h, &ColumnMapping::default()).expect("maps");
        let bad = |cells: &[&str]| person(7, &row(cells), &c).expect_err("a bad row");
        assert_eq!(bad(&["not-an-email", "Ann", ""]).field, "email");
        assert_eq!(bad(&["", "Ann", ""]).message, "No e-mail address.");
        assert_eq!(bad(&["a@b.co", "", ""]).field, "name");
        let admin = bad(&["a@b.co", "Ann", "Administrator"]);
        assert_eq!((admin.line, admin.field.as_str()), (7, "role"));
        assert!(bad(&["a@b.co", "Ann", "Wizard"]).message.contains("Wizard"));
        assert_eq!(bad(&["", " ", ""]).field, "row");
        assert_eq!(
            person(7, &row(&["a@b.co", "Ann", "Trainer-Type"]), &c).map(|p| p.role),
            Ok(Role::Mentor)
        );
    }
}
