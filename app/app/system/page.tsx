import { redirect } from "next/navigation";

/** `/app/system` is the attention home. */
export default function SystemIndex() {
  redirect("/app/system/home");
}
