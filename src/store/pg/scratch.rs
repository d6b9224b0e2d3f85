//! Test databases: a new, empty schema per test in the server `.ci/run`
//! starts.

use super::PgStore;

/// The database the tests use: `RESTRIDE_TEST_DATABASE_URL`, which `.ci/run`
/// sets after starting a throwaway server. Without it the tests fail: they
/// are never skipped.
pub fn test_url() -> String {
    std::env::var("RESTRIDE_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!(
            "the PostgreSQL tests need RESTRIDE_TEST_DATABASE_URL: run them with .ci/run, \
             which starts a throwaway server, or point it at an empty database"
        )
    })
}

/// A new, empty schema in the test database, and its URL (the schema is
/// the connection's search path).
pub fn scratch_url() -> String {
    let url = test_url();
    let mut id = [0u8; 6];
    getrandom::fill(&mut id).expect("random");
    let schema: String = format!(
        "t_{}",
        id.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let create = url.clone();
    let name = schema.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&create)
                .await
                .expect("the test database answers");
            sqlx::raw_sql(&format!("CREATE SCHEMA {name}"))
                .execute(&mut c)
                .await
                .expect("a schema for the test");
        })
    })
    .join()
    .expect("creating a test schema");
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

impl PgStore {
    /// A store on a new, empty schema of the test database.
    pub fn scratch() -> PgStore {
        PgStore::open(&scratch_url()).expect("the test database opens")
    }
}
