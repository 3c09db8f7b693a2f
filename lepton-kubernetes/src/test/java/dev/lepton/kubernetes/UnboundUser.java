package dev.lepton.kubernetes;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * On a real cluster, a service account whose role lets it do all Lepton does in the test namespace (pods, their
 * logs, services; nodes on the cluster) but bind pods: {@code pods/binding} is missing, as for an operator who
 * gave Lepton's role no more than docs/kubernetes.md's first example. Its token is a service-account-token
 * secret's, so that the test needs neither the TokenRequest API's model nor kubectl. RBAC objects go through
 * the API as JSON: the module carries no RBAC model.
 */
final class UnboundUser {
    static final String NAME = "lepton-test-may-not-bind";

    private final String namespace;
    private final String token;
    private final String caData;

    private UnboundUser(String namespace, String token, String caData) {
        this.namespace = namespace;
        this.token = token;
        this.caData = caData;
    }

    static UnboundUser create(KubernetesClient admin, String namespace) {
        kept(() -> admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName(NAME)
                .endMetadata().build()).create());
        post(admin, "/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/roles", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"%s"},"rules":[
                 {"apiGroups":[""],"resources":["pods"],"verbs":["create","get","list","watch","delete","deletecollection"]},
                 {"apiGroups":[""],"resources":["pods/log"],"verbs":["get"]},
                 {"apiGroups":[""],"resources":["services"],"verbs":["create","list","delete","deletecollection"]}]}
                """.formatted(NAME));
        post(admin, "/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/rolebindings", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"%s"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"%s"},
                 "subjects":[{"kind":"ServiceAccount","name":"%s","namespace":"%s"}]}
                """.formatted(NAME, NAME, NAME, namespace));
        post(admin, "/apis/rbac.authorization.k8s.io/v1/clusterroles", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"%s"},"rules":[
                 {"apiGroups":[""],"resources":["nodes"],"verbs":["get","list","watch"]}]}
                """.formatted(NAME));
        post(admin, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"%s-%s"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"%s"},
                 "subjects":[{"kind":"ServiceAccount","name":"%s","namespace":"%s"}]}
                """.formatted(NAME, namespace, NAME, NAME, namespace));
        kept(() -> admin.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(NAME)
                .addToAnnotations("kubernetes.io/service-account.name", NAME).endMetadata().withType("kubernetes.io/service-account-token")
                .build()).create());
        // The token controller fills the secret in.
        await().atMost(Duration.ofMinutes(1)).until(() -> data(admin, namespace, "token") != null);
        String token = new String(Base64.getDecoder().decode(data(admin, namespace, "token")), StandardCharsets.UTF_8);
        return new UnboundUser(namespace, token, data(admin, namespace, "ca.crt"));
    }

    /** Connects as the service account, binding through the subresource. */
    KubernetesCluster connect(Path dir, String server) {
        String text = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: real
                  cluster: {server: "%s", certificate-authority-data: "%s"}
                contexts:
                - name: real
                  context: {cluster: real, user: %s, namespace: %s}
                current-context: real
                users:
                - name: %s
                  user: {token: "%s"}
                """.formatted(server.replaceAll("/$", ""), caData, NAME, namespace, NAME, token);
        try {
            Path file = Files.writeString(dir.resolve("kubeconfig-" + NAME), text);
            return KubernetesCluster.connect(KubernetesConfig.defaults().withKubeconfig(file).withNamespace(namespace)
                    .withBinding(PodBinding.BINDING));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(KubernetesClient admin) {
        for (String path : List.of("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/" + NAME + "-" + namespace,
                "/apis/rbac.authorization.k8s.io/v1/clusterroles/" + NAME,
                "/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/rolebindings/" + NAME,
                "/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/roles/" + NAME,
                "/api/v1/namespaces/" + namespace + "/secrets/" + NAME,
                "/api/v1/namespaces/" + namespace + "/serviceaccounts/" + NAME)) {
            try {
                admin.raw(path, "DELETE", null);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    System.err.println("UnboundUser: cannot delete " + path + ": " + e.getMessage());
                }
            }
        }
    }

    /** Creates the object, or keeps one a run before left. */
    private static void post(KubernetesClient admin, String path, String json) {
        kept(() -> admin.raw(path, "POST", json));
    }

    /** Makes an object; one already there (left by an earlier run) is as good. */
    private static void kept(Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static String data(KubernetesClient admin, String namespace, String key) {
        Secret secret = admin.secrets().inNamespace(namespace).withName(NAME).get();
        return secret == null || secret.getData() == null ? null : secret.getData().get(key);
    }
}
