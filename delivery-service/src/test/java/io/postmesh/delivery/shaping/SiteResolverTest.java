package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MX hosts → site, with the built-in provider rules (names are only compared, never resolved). */
class SiteResolverTest {
    private static final SiteResolver SITES = new SiteResolver(ShapingRulesLoader.load(java.util.Optional.empty()));

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "gmail-smtp-in.l.google.com alt1.gmail-smtp-in.l.google.com | provider:google    | 20",
            "aspmx.l.google.com aspmx2.googlemail.com                   | provider:google    | 20",
            "ASPMX.L.GOOGLE.COM.                                        | provider:google    | 20",
            "example-test.mail.protection.outlook.com                   | provider:microsoft | 10",
            "hotmail-com.olc.protection.outlook.com                     | provider:microsoft | 10",
            "mta5.am0.yahoodns.net mta6.am0.yahoodns.net                | provider:yahoo     | 5",
            "mx.own.test aspmx.l.google.com                             | provider:google    | 20",
            "notgoogle.com                                              | mx:notgoogle.com   | 10",
            "mx2.shared.test MX1.shared.test.                           | mx:mx1.shared.test,mx2.shared.test | 10",
            "mx1.shared.test mx2.shared.test                            | mx:mx1.shared.test,mx2.shared.test | 10",
    })
    void siteOf(String hosts, String site, int maxConnections) {
        Site resolved = SITES.siteFor(Arrays.asList(hosts.strip().split("\\s+")));
        assertThat(resolved.name()).isEqualTo(site.strip());
        assertThat(resolved.limits().maxConnections()).isEqualTo(maxConnections);
    }
}
