//! A private Kafka-API broker (the stack's tansu) on a free port, for tests that stall it
//! (SIGSTOP) or crash roles against it without touching the stack's shared broker.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A private broker with in-memory storage, paused and resumed at will.
pub struct PrivateBroker {
    pub port: u16,
    child: Child,
}

impl PrivateBroker {
    pub fn start() -> Self {
        let binary = Command::new("scripts/stack.sh").arg("kafka-command").output().expect("stack.sh");
        let binary = String::from_utf8(binary.stdout).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let url = format!("tcp://127.0.0.1:{port}");
        let child = Command::new(binary.trim())
            .args(["broker", "--listener-url", &url, "--advertised-listener-url", &url])
            .args(["--storage-engine", "memory://tansu/"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the stack's broker binary starts");
        let deadline = super::deadline(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "private broker did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { port, child }
    }

    /// `bootstrap.servers` of this broker.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// SIGSTOP: connections stay open and every request goes unanswered, as in a broker stall.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT: the broker answers again, with everything it held.
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, which: &str) {
        let status = Command::new("kill").arg(which).arg(self.child.id().to_string()).status().expect("kill");
        assert!(status.success(), "kill {which} failed");
    }
}

impl Drop for PrivateBroker {
    fn drop(&mut self) {
        self.resume();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
