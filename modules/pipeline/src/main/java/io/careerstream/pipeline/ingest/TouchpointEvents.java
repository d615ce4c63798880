package io.careerstream.pipeline.ingest;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.Touchpoint;
import java.time.Instant;

/**
 * A domain touchpoint written back as the contract, for a touchpoint the pipeline held and then
 * could not apply (it goes to the dead-letter topic as a {@code TouchpointEvent}, like every
 * rejected touchpoint). What the domain does not keep is left empty: the channel, an inquiry's
 * topic, a mention's platform, an email's campaign.
 */
public final class TouchpointEvents {

    private TouchpointEvents() {
    }

    public static TouchpointEvent of(Touchpoint touchpoint) {
        Object payload;
        if (touchpoint instanceof Touchpoint.Purchase p) {
            payload = Purchase.newBuilder().setOrderId(p.orderId()).setAmountMinor(p.amountMinor())
                    .setCurrency(p.currency()).setItemCount(p.itemCount()).setCategories(p.categories()).build();
        } else if (touchpoint instanceof Touchpoint.Inquiry i) {
            payload = Inquiry.newBuilder().setKind(InquiryKind.valueOf(i.kind().name())).setResolved(i.resolved()).build();
        } else if (touchpoint instanceof Touchpoint.SocialMention m) {
            payload = SocialMention.newBuilder().setPlatform("").setSentiment(Sentiment.valueOf(m.sentiment().name()))
                    .setReach(m.reach()).setReferral(m.referral()).build();
        } else {
            Touchpoint.EmailEngagement e = (Touchpoint.EmailEngagement) touchpoint;
            boolean heldOut = e.action() == Touchpoint.EmailAction.HELD_OUT;
            payload = EmailEngagement.newBuilder().setCampaignId(e.campaignId()).setVariant(e.variant())
                    .setHeldOut(heldOut).setAction(heldOut ? EmailAction.DELIVERED : EmailAction.valueOf(e.action().name()))
                    .build();
        }
        return TouchpointEvent.newBuilder().setEventId(touchpoint.eventId()).setCustomerId(touchpoint.customerId())
                .setOccurredAt(Instant.ofEpochMilli(touchpoint.occurredAt())).setChannel("").setPayload(payload).build();
    }
}
