//! HTTP stories against the real server on port 0, each with a fresh database, on SQLite
//! and on PostgreSQL.

mod helpers;

mod accounts;
mod admin;
mod analytics;
mod assessor;
mod authz;
mod board;
mod cancelled_writes;
mod cli;
mod coach;
mod coach_llm;
mod content;
mod credentials;
mod errors;
mod evidence;
mod graph_standin;
mod jobs;
mod learning;
mod library;
mod llm_standin;
mod lrs;
mod memory_model;
mod mentor;
mod milestones;
mod nudges;
mod offline;
mod otj;
mod pages;
mod people_import;
mod portfolio;
mod privacy;
mod ratings;
mod rendering;
mod schema_twins;
mod standards;
mod storage;
mod studio;
mod studio_script;
mod talentlms_standin;
mod timezone;
mod whatsapp;
mod workers;
mod xapi;
