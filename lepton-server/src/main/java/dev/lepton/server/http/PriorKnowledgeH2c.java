package dev.lepton.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * HTTP/2 cleartext on the server's HTTP/1.1 port for clients that speak it from their first byte (prior knowledge: the
 * {@code PRI * HTTP/2.0} preface, as gRPC, curl's {@code --http2-prior-knowledge} and HTTP/2 load generators send). An
 * HTTP/1.1 request asking to upgrade ({@code Upgrade: h2c}, which RFC 9113 deprecates) is answered as HTTP/1.1: the JDK's
 * client asks so of every plain-HTTP request by default, and its upgrade of a request line over Jetty's limit read an EOF
 * where HTTP/1.1 answers 414.
 */
public final class PriorKnowledgeH2c extends HTTP2CServerConnectionFactory {
    public PriorKnowledgeH2c(HttpConfiguration http) {
        super(http);
    }

    @Override
    public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request, HttpFields.Mutable response101) {
        return HttpMethod.PRI.is(request.getMethod()) ? super.upgradeConnection(connector, endPoint, request, response101) : null;
    }
}
