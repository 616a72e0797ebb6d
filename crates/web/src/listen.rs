//! The listening socket, made here rather than by tiny_http so that accepted connections have
//! `TCP_NODELAY`: tiny_http writes a response's headers and its body separately, and with
//! Nagle's algorithm the body then waits for the client's delayed ACK of the headers, about
//! 40 ms on every keep-alive response (wrk measured 90 requests/s on a post page, nginx 25,000).
//! No read timeout is set here: on a listening socket it also times out `accept`, and
//! tiny_http's accept loop stops for good on the first error (serve then refused every
//! connection after 10 quiet seconds).

use std::net::{SocketAddr, TcpListener, ToSocketAddrs};

use socket2::{Domain, Protocol, Socket, Type};

/// A listener on `addr` (`127.0.0.1:8080`, port 0 for any free one) whose accepted connections
/// send each write at once: `TCP_NODELAY` set on a listening socket is inherited by them.
pub fn listen(addr: &str) -> std::io::Result<TcpListener> {
    let mut last = std::io::Error::new(std::io::ErrorKind::InvalidInput, "no address");
    for addr in addr.to_socket_addrs()? {
        match listen_on(addr) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn listen_on(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_connections_send_without_delay_and_a_port_in_use_is_refused() {
        let listener = listen("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let _client = std::net::TcpStream::connect(addr).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        assert!(accepted.nodelay().unwrap(), "the accepted connection has TCP_NODELAY");
        assert!(listen(&addr.to_string()).is_err(), "a second listener on the same port");
    }
}
