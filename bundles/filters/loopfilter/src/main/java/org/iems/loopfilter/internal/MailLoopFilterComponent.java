package org.iems.loopfilter.internal;

import java.util.Map;
import org.iems.api.config.ConfigurationCheck;
import org.iems.api.filter.FilterRequest;
import org.iems.api.filter.FilterVerdict;
import org.iems.api.filter.MessageFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail-loop filter as a {@link MessageFilter} service, the first filter of the chain (its
 * {@code service.ranking} comes from the configuration). PID {@code org.iems.loopfilter}; the
 * hop limit applies live.
 */
@Component(service = MessageFilter.class, immediate = true, configurationPid = "org.iems.loopfilter",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=1000")
@Designate(ocd = MailLoopConfiguration.class)
public final class MailLoopFilterComponent implements MessageFilter {

    private static final Logger LOG = LoggerFactory.getLogger(MailLoopFilterComponent.class);
    private static final ConfigurationCheck CHECK = ConfigurationCheck.of("org.iems.loopfilter", MailLoopConfiguration.class);

    private volatile int maxReceived;
    private final MailLoopFilter filter = new MailLoopFilter(() -> maxReceived);

    /**
     * Reads the hop limit.
     *
     * @param config the configuration
     * @param properties the same, as given, checked first
     */
    @Activate
    public MailLoopFilterComponent(MailLoopConfiguration config, Map<String, Object> properties) {
        CHECK.validate(properties).ifPresent(LOG::warn);
        maxReceived = config.max_received_headers();
    }

    @Modified
    void modified(MailLoopConfiguration config, Map<String, Object> properties) {
        CHECK.applyChange("Mail-loop filter", properties, () -> maxReceived = config.max_received_headers());
    }

    @Override
    public String name() {
        return filter.name();
    }

    @Override
    public FilterVerdict filter(FilterRequest request) throws Exception {
        return filter.filter(request);
    }
}
