//! The listening socket, made with socket2 so that accepted connections have `TCP_NODELAY`
//! from the start: an answer written in two parts (head, then body) must not wait for the
//! client's delayed ACK, about 40 ms per keep-alive response (wrk once measured 90 requests/s
//! on a post page that way, nginx 25,000). No read timeout is set here: on a listening socket
//! it would also time out `accept`; connections get their deadlines from `server` instead.

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
